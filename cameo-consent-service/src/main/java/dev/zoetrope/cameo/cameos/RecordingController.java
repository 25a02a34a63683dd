package dev.zoetrope.cameo.cameos;

import dev.zoetrope.cameo.recording.RecordingStore;
import dev.zoetrope.common.web.ApiException;
import dev.zoetrope.contracts.cameo.CameoApi;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A cameo's recording for the generation worker (service tokens), which derives the subject's look
 * and voice from it at render time. Consent is checked on every read, so a revocation or a narrowed
 * permission stops the next render, not just the next request to create one.
 */
@RestController
public class RecordingController {
  private static final Logger log = LoggerFactory.getLogger(RecordingController.class);

  private final CameoService service;
  private final RecordingStore recordings;

  public RecordingController(CameoService service, RecordingStore recordings) {
    this.service = service;
    this.recordings = recordings;
  }

  @GetMapping(CameoApi.RECORDING)
  public void recording(
      @PathVariable("cameoId") UUID cameoId,
      @RequestParam(CameoApi.RECORDING_REQUESTER_PARAM) UUID requesterId,
      HttpServletResponse response,
      Authentication client)
      throws IOException {
    Cameo cameo = service.usableBy(requesterId, cameoId).orElseThrow(RecordingController::denied);
    try (InputStream in =
        recordings.open(cameo.recordingKey()).orElseThrow(RecordingController::denied)) {
      // Written directly rather than as a Resource: no range support, and nothing that would
      // buffer or re-read a likeness recording.
      response.setStatus(HttpStatus.OK.value());
      response.setContentType(CameoApi.RECORDING_MEDIA_TYPE);
      response.setContentLengthLong(cameo.recordingBytes());
      response.setHeader(HttpHeaders.ETAG, "\"" + cameo.recordingSha256() + "\"");
      // Every read of someone's likeness leaves a trace: which client took it, for whom.
      log.info(
          "recording of cameo {} served to {} for requester {}",
          cameoId,
          client.getName(),
          requesterId);
      in.transferTo(response.getOutputStream());
    }
  }

  /** Unknown, revoked and forbidden answer alike, so the worker's caller learns nothing more. */
  private static ApiException denied() {
    return new ApiException(
        HttpStatus.NOT_FOUND, CameoApi.DENIED_CODE, "no usable cameo with this id for this user");
  }
}
