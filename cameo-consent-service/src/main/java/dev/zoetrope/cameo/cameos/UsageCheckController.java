package dev.zoetrope.cameo.cameos;

import dev.zoetrope.cameo.CameoProperties;
import dev.zoetrope.common.web.ApiException;
import dev.zoetrope.contracts.cameo.CameoApi;
import dev.zoetrope.contracts.cameo.CameoApi.UsageCheckRequest;
import dev.zoetrope.contracts.cameo.CameoApi.UsageCheckResult;
import java.util.List;
import java.util.UUID;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** May this user put these cameos in a clip? Asked by generation-service (service tokens). */
@RestController
public class UsageCheckController {
  private final CameoService service;
  private final CameoProperties props;

  public UsageCheckController(CameoService service, CameoProperties props) {
    this.service = service;
    this.props = props;
  }

  @PostMapping(CameoApi.USAGE_CHECKS)
  public UsageCheckResult check(@RequestBody UsageCheckRequest request) {
    if (request.requesterId() == null) {
      throw ApiException.invalid("requesterId", "requesterId is required");
    }
    List<UUID> ids = request.cameoIds();
    if (ids == null || ids.size() > props.maxCameosPerCheck() || ids.contains(null)) {
      throw ApiException.invalid(
          "cameoIds", "cameoIds must list 0 to " + props.maxCameosPerCheck() + " cameo ids");
    }
    List<UUID> denied = service.deniedForUse(request.requesterId(), ids);
    return new UsageCheckResult(denied.isEmpty(), denied);
  }
}
