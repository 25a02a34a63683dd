package dev.zoetrope.media.content;

import dev.zoetrope.common.web.ApiException;
import dev.zoetrope.contracts.media.MediaApi;
import dev.zoetrope.media.assets.Asset;
import dev.zoetrope.media.assets.AssetRepository;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** Any asset's bytes for trusted services (e.g. moderation's output check), by asset id. */
@RestController
class InternalContentController {
  private final AssetRepository assets;
  private final ContentResponder responder;

  InternalContentController(AssetRepository assets, ContentResponder responder) {
    this.assets = assets;
    this.responder = responder;
  }

  @GetMapping(MediaApi.ASSET_CONTENT)
  void content(@PathVariable UUID assetId, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    Asset asset = assets.find(assetId).orElseThrow(() -> ApiException.notFound("asset"));
    responder.serve(asset, request, response);
  }
}
