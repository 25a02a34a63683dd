package dev.zoetrope.generation.videos;

import dev.zoetrope.common.security.CurrentUser;
import dev.zoetrope.common.web.ApiException;
import dev.zoetrope.generation.GenerationProperties;
import dev.zoetrope.generation.videos.domain.CreateVideoRules;
import dev.zoetrope.generation.videos.domain.ImageTypes;
import dev.zoetrope.generation.videos.domain.InvalidRequestException;
import dev.zoetrope.generation.videos.domain.Video;
import dev.zoetrope.generation.videos.domain.VideoSpec;
import dev.zoetrope.generation.videos.domain.WireIds;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;

/** {@code /v1/videos}, shaped like the OpenAI Videos API so its SDKs work unchanged. */
@RestController
@RequestMapping("/v1/videos")
class VideoController {
  static final String POLL_AFTER_HEADER = "openai-poll-after-ms";
  static final String INPUT_REFERENCE = "input_reference";
  private static final Set<String> FORM_FIELDS =
      Set.of("model", "prompt", "seconds", "size", "cameo_ids", "cameo_ids[]");
  private static final int DEFAULT_LIMIT = 20;
  private static final int MAX_LIMIT = 100;

  private final VideoService service;
  private final GenerationProperties config;
  private final CreateVideoRules rules;
  private final IdempotentCreates idempotency;

  VideoController(
      VideoService service, GenerationProperties config, IdempotentCreates idempotency) {
    this.service = service;
    this.idempotency = idempotency;
    this.config = config;
    this.rules = new CreateVideoRules(config.models(), config.promptMaxChars(), config.maxCameos());
  }

  @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<VideoJson> createJson(
      @RequestBody CreateVideoJson body,
      @RequestHeader(name = IdempotentCreates.HEADER, required = false) String idempotencyKey) {
    CurrentUser user = CurrentUser.get();
    String key = IdempotentCreates.validKey(idempotencyKey);
    if (body.inputReference() != null) {
      throw ApiException.invalid(
          INPUT_REFERENCE, "send input_reference as a file in a multipart/form-data request");
    }
    VideoSpec spec =
        valid(
            () ->
                rules.validate(
                    body.model(), body.prompt(), body.seconds(), body.size(), body.cameoIds()));
    return create(user, spec, key, null);
  }

  @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
  ResponseEntity<VideoJson> createMultipart(
      MultipartHttpServletRequest request,
      @RequestHeader(name = IdempotentCreates.HEADER, required = false) String idempotencyKey) {
    CurrentUser user = CurrentUser.get();
    String key = IdempotentCreates.validKey(idempotencyKey);
    Map<String, String[]> form = request.getParameterMap();
    for (String name : form.keySet()) {
      if (!FORM_FIELDS.contains(name)) {
        throw ApiException.invalid(name, "unknown field " + name);
      }
    }
    for (String name : request.getMultiFileMap().keySet()) {
      if (!INPUT_REFERENCE.equals(name)) {
        throw ApiException.invalid(name, "unexpected file field " + name);
      }
    }
    List<String> cameoIds = new ArrayList<>();
    for (String name : List.of("cameo_ids", "cameo_ids[]")) {
      for (String value : form.getOrDefault(name, new String[0])) {
        // Form encoders differ: accept repeated fields and comma-separated lists alike.
        Arrays.stream(value.split(",")).filter(s -> !s.isBlank()).forEach(cameoIds::add);
      }
    }
    VideoSpec spec =
        valid(
            () ->
                rules.validate(
                    single(form, "model"),
                    single(form, "prompt"),
                    single(form, "seconds"),
                    single(form, "size"),
                    cameoIds));
    List<MultipartFile> references = request.getMultiFileMap().get(INPUT_REFERENCE);
    if (references != null) {
      if (references.size() > 1) {
        throw ApiException.invalid(INPUT_REFERENCE, "send at most one input_reference");
      }
      checkReference(references.getFirst());
    }
    return create(user, spec, key, key == null || references == null ? null : bytes(references));
  }

  @GetMapping("/{id}")
  ResponseEntity<VideoJson> retrieve(@PathVariable("id") String id) {
    CurrentUser user = CurrentUser.get();
    // Malformed, unknown and other users' ids all answer the same 404.
    UUID uuid = WireIds.parseVideo(id).orElseThrow(() -> ApiException.notFound("video"));
    return respond(service.find(user, uuid).orElseThrow(() -> ApiException.notFound("video")));
  }

  @GetMapping
  VideoListJson list(
      @RequestParam(name = "after", required = false) String after,
      @RequestParam(name = "limit", required = false) String limit,
      @RequestParam(name = "order", required = false) String order) {
    CurrentUser user = CurrentUser.get();
    int pageSize = limit(limit);
    boolean ascending;
    if (order == null || order.equals("desc")) {
      ascending = false;
    } else if (order.equals("asc")) {
      ascending = true;
    } else {
      throw ApiException.invalid("order", "order must be asc or desc");
    }
    Video cursor = null;
    if (after != null) {
      cursor =
          WireIds.parseVideo(after)
              .flatMap(id -> service.find(user, id))
              .orElseThrow(
                  () -> ApiException.invalid("after", "after must be one of your video ids"));
    }
    List<Video> page = service.list(user, cursor, ascending, pageSize + 1);
    boolean hasMore = page.size() > pageSize;
    List<VideoJson> data = page.stream().limit(pageSize).map(VideoJson::of).toList();
    return new VideoListJson(
        "list",
        data,
        data.isEmpty() ? null : data.getFirst().id(),
        data.isEmpty() ? null : data.getLast().id(),
        hasMore);
  }

  private ResponseEntity<VideoJson> create(
      CurrentUser user, VideoSpec spec, String key, byte[] reference) {
    if (key == null) {
      return respond(service.create(user, spec));
    }
    return idempotency.create(
        user,
        key,
        IdempotentCreates.fingerprint(spec, reference),
        id -> service.create(user, spec, id));
  }

  private static byte[] bytes(List<MultipartFile> references) {
    try {
      return references.getFirst().getBytes();
    } catch (IOException e) {
      throw ApiException.invalid(INPUT_REFERENCE, "input_reference could not be read");
    }
  }

  private ResponseEntity<VideoJson> respond(Video video) {
    ResponseEntity.BodyBuilder ok = ResponseEntity.ok();
    if (!video.status().isFinal()) {
      ok.header(POLL_AFTER_HEADER, Long.toString(config.pollAfterMs()));
    }
    return ok.body(VideoJson.of(video));
  }

  private static int limit(String limit) {
    if (limit == null) {
      return DEFAULT_LIMIT;
    }
    try {
      int value = Integer.parseInt(limit.strip());
      if (value >= 1 && value <= MAX_LIMIT) {
        return value;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw ApiException.invalid("limit", "limit must be an integer from 1 to " + MAX_LIMIT);
  }

  private static String single(Map<String, String[]> form, String name) {
    String[] values = form.get(name);
    if (values == null || values.length == 0) {
      return null;
    }
    if (values.length > 1) {
      throw ApiException.invalid(name, name + " must be given once");
    }
    return values[0];
  }

  /** Validated only: reference images are not yet used by the renderer, so nothing is stored. */
  private void checkReference(MultipartFile file) {
    if (file.getSize() > config.inputReferenceMaxBytes()) {
      throw new ApiException(
          HttpStatus.CONTENT_TOO_LARGE,
          "payload_too_large",
          "input_reference must be at most " + config.inputReferenceMaxBytes() + " bytes",
          INPUT_REFERENCE);
    }
    byte[] head;
    try (InputStream in = file.getInputStream()) {
      head = in.readNBytes(16);
    } catch (IOException e) {
      throw ApiException.invalid(INPUT_REFERENCE, "input_reference could not be read");
    }
    String sniffed =
        ImageTypes.sniff(head)
            .orElseThrow(
                () ->
                    ApiException.invalid(
                        INPUT_REFERENCE, "input_reference must be a JPEG, PNG or WebP image"));
    String declared = declaredType(file.getContentType());
    if (declared != null
        && !declared.equals(MediaType.APPLICATION_OCTET_STREAM_VALUE)
        && !declared.equals(sniffed)) {
      throw ApiException.invalid(
          INPUT_REFERENCE, "input_reference is labelled " + declared + " but contains " + sniffed);
    }
  }

  private static String declaredType(String contentType) {
    if (contentType == null || contentType.isBlank()) {
      return null;
    }
    try {
      MediaType type = MediaType.parseMediaType(contentType);
      return type.getType() + "/" + type.getSubtype();
    } catch (InvalidMediaTypeException e) {
      throw ApiException.invalid(INPUT_REFERENCE, "input_reference has a malformed content type");
    }
  }

  private static VideoSpec valid(Supplier<VideoSpec> validation) {
    try {
      return validation.get();
    } catch (InvalidRequestException e) {
      throw ApiException.invalid(e.param(), e.getMessage());
    }
  }
}
