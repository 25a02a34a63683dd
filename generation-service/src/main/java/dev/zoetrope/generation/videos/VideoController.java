package dev.zoetrope.generation.videos;

import dev.zoetrope.common.security.CurrentUser;
import dev.zoetrope.common.web.ApiException;
import dev.zoetrope.generation.GenerationProperties;
import dev.zoetrope.generation.videos.domain.CreateVideoRules;
import dev.zoetrope.generation.videos.domain.ImageTypes;
import dev.zoetrope.generation.videos.domain.InvalidRequestException;
import dev.zoetrope.generation.videos.domain.Origin;
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
      Set.of("model", "prompt", "seconds", "size", "cameo_ids", "cameo_ids[]", "negative_prompt");
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
    List<String> cameoIds = new ArrayList<>();
    if (body.cameoIds() != null) {
      cameoIds.addAll(body.cameoIds());
    }
    if (body.characters() != null) {
      // A character is a cameo: same ids, same consent rules.
      body.characters().forEach(c -> cameoIds.add(c == null ? null : c.id()));
    }
    VideoSpec spec =
        valid(
            () ->
                rules
                    .validate(body.model(), body.prompt(), body.seconds(), body.size(), cameoIds)
                    .withOrigin(
                        Origin.TEXT.withNegativePrompt(
                            rules.negativePrompt(body.negativePrompt()))));
    VideoService.Input image = null;
    if (body.inputReference() != null) {
      image = dataUrlImage(body.inputReference());
      spec = spec.withOrigin(imageOrigin(spec));
    }
    return create(user, spec, key, image);
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
                rules
                    .validate(
                        single(form, "model"),
                        single(form, "prompt"),
                        single(form, "seconds"),
                        single(form, "size"),
                        cameoIds)
                    .withOrigin(
                        Origin.TEXT.withNegativePrompt(
                            rules.negativePrompt(single(form, "negative_prompt")))));
    List<MultipartFile> references = request.getMultiFileMap().get(INPUT_REFERENCE);
    VideoService.Input image = null;
    if (references != null) {
      if (references.size() > 1) {
        throw ApiException.invalid(INPUT_REFERENCE, "send at most one input_reference");
      }
      MediaType type = checkReference(references.getFirst());
      image = new VideoService.Input(bytes(references, INPUT_REFERENCE), type);
      spec = spec.withOrigin(imageOrigin(spec));
    }
    return create(user, spec, key, image);
  }

  /** A new take on one of the caller's finished videos: same model, length, size and cameos. */
  @PostMapping(path = "/{id}/remix", consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<VideoJson> remix(
      @PathVariable("id") String id,
      @RequestBody CreateVideoJson.Remix body,
      @RequestHeader(name = IdempotentCreates.HEADER, required = false) String idempotencyKey) {
    CurrentUser user = CurrentUser.get();
    String key = IdempotentCreates.validKey(idempotencyKey);
    Video source = source(user, id, "video_id");
    VideoSpec spec =
        derived(source, body.prompt(), body.negativePrompt(), Origin.Kind.REMIX, source.seconds());
    return create(user, spec, key, null);
  }

  /** The caller's finished video changed as the prompt says, keeping its layout and timing. */
  @PostMapping(path = "/edits", consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<VideoJson> edit(
      @RequestBody CreateVideoJson.Edit body,
      @RequestHeader(name = IdempotentCreates.HEADER, required = false) String idempotencyKey) {
    CurrentUser user = CurrentUser.get();
    String key = IdempotentCreates.validKey(idempotencyKey);
    Video source = source(user, referenceId(body.video()), "video");
    VideoSpec spec =
        derived(source, body.prompt(), body.negativePrompt(), Origin.Kind.EDIT, source.seconds());
    return create(user, spec, key, null);
  }

  /**
   * An edit of an uploaded clip (the API's {@code video} file): the new clip keeps its length
   * (rounded to 4, 8 or 12 s) and orientation. The upload is stored as the job's input and decoded
   * in full when rendering starts.
   */
  @PostMapping(path = "/edits", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
  ResponseEntity<VideoJson> editUpload(
      MultipartHttpServletRequest request,
      @RequestHeader(name = IdempotentCreates.HEADER, required = false) String idempotencyKey) {
    CurrentUser user = CurrentUser.get();
    String key = IdempotentCreates.validKey(idempotencyKey);
    Map<String, String[]> form = request.getParameterMap();
    for (String name : form.keySet()) {
      if (!name.equals("prompt") && !name.equals("negative_prompt")) {
        throw ApiException.invalid(name, "unknown field " + name);
      }
    }
    List<MultipartFile> files = request.getMultiFileMap().get("video");
    if (files == null || files.size() != 1 || request.getMultiFileMap().size() != 1) {
      throw ApiException.invalid("video", "send exactly one file, named video");
    }
    MultipartFile file = files.getFirst();
    if (file.getSize() > config.editUploadMaxBytes()) {
      throw tooLarge("video", config.editUploadMaxBytes());
    }
    byte[] bytes = bytes(List.of(file), "video");
    UploadedClips.Probe probe = UploadedClips.probe(bytes);
    int seconds = probe.apiSeconds();
    String size = probe.portrait() ? "720x1280" : "1280x720";
    int[] dimensions = CreateVideoRules.SIZES.get(size);
    VideoSpec spec =
        valid(
            () ->
                new VideoSpec(
                    dev.zoetrope.generation.videos.domain.Models.DEFAULT,
                    rules.prompt(single(form, "prompt")),
                    seconds,
                    size,
                    dimensions[0],
                    dimensions[1],
                    List.of(),
                    new Origin(
                        Origin.Kind.EDIT,
                        null,
                        null,
                        rules.negativePrompt(single(form, "negative_prompt")))));
    return create(
        user, spec, key, new VideoService.Input(bytes, MediaType.parseMediaType("video/mp4")));
  }

  /**
   * The caller's finished video continued for {@code seconds} more; the result is one clip of
   * source and continuation.
   */
  @PostMapping(path = "/extensions", consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<VideoJson> extend(
      @RequestBody CreateVideoJson.Extend body,
      @RequestHeader(name = IdempotentCreates.HEADER, required = false) String idempotencyKey) {
    CurrentUser user = CurrentUser.get();
    String key = IdempotentCreates.validKey(idempotencyKey);
    Video source = source(user, referenceId(body.video()), "video");
    int total = valid(() -> rules.extensionSeconds(body.seconds(), source.seconds()));
    VideoSpec spec =
        derived(source, body.prompt(), body.negativePrompt(), Origin.Kind.EXTEND, total);
    return create(user, spec, key, null);
  }

  private Video source(CurrentUser user, String wireId, String param) {
    UUID uuid = WireIds.parseVideo(wireId).orElseThrow(() -> ApiException.notFound("video"));
    return service.source(user, uuid, param);
  }

  private static String referenceId(CreateVideoJson.Reference video) {
    if (video == null || video.id() == null) {
      throw ApiException.invalid("video", "video must be {\"id\": \"video_...\"}");
    }
    return video.id();
  }

  private VideoSpec derived(
      Video source, String prompt, String negativePrompt, Origin.Kind kind, int seconds) {
    int[] dimensions = CreateVideoRules.SIZES.get(source.size());
    return valid(
        () ->
            new VideoSpec(
                source.model(),
                rules.prompt(prompt),
                seconds,
                source.size(),
                dimensions[0],
                dimensions[1],
                // The source shows these cameos, so the new clip does too: consent is checked
                // again for them at create and when rendering starts.
                source.cameoIds(),
                new Origin(kind, source.id(), null, rules.negativePrompt(negativePrompt))));
  }

  private static Origin imageOrigin(VideoSpec spec) {
    return new Origin(Origin.Kind.IMAGE, null, null, spec.origin().negativePrompt());
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
      CurrentUser user, VideoSpec spec, String key, VideoService.Input input) {
    if (key == null) {
      return respond(service.create(user, spec, input));
    }
    return idempotency.create(
        user,
        key,
        IdempotentCreates.fingerprint(spec, input == null ? null : input.bytes()),
        id -> service.create(user, spec, input, id));
  }

  private static byte[] bytes(List<MultipartFile> files, String param) {
    try {
      return files.getFirst().getBytes();
    } catch (IOException e) {
      throw ApiException.invalid(param, param + " could not be read");
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

  /** The image's real type, after checking size, magic bytes and the declared type agree. */
  private MediaType checkReference(MultipartFile file) {
    if (file.getSize() > config.inputReferenceMaxBytes()) {
      throw tooLarge(INPUT_REFERENCE, config.inputReferenceMaxBytes());
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
    return MediaType.parseMediaType(sniffed);
  }

  /** {@code input_reference.image_url} as a base64 {@code data:} URL of a JPEG, PNG or WebP. */
  private VideoService.Input dataUrlImage(CreateVideoJson.ImageReference ref) {
    if (ref.fileId() != null) {
      throw ApiException.invalid(
          INPUT_REFERENCE,
          "input_reference.file_id is not supported; send the image as image_url (a data: URL)"
              + " or as a multipart file");
    }
    String url = ref.imageUrl();
    if (url == null) {
      throw ApiException.invalid(INPUT_REFERENCE, "input_reference needs image_url");
    }
    // Base64 grows data by 4/3; checked before decoding so a huge string costs nothing more.
    if (url.length() > config.inputReferenceMaxBytes() * 4 / 3 + 100) {
      throw tooLarge(INPUT_REFERENCE, config.inputReferenceMaxBytes());
    }
    int comma = url.indexOf(',');
    if (!url.startsWith("data:") || comma < 0 || !url.substring(0, comma).endsWith(";base64")) {
      throw ApiException.invalid(
          INPUT_REFERENCE,
          "input_reference.image_url must be a base64 data: URL; remote URLs are not fetched");
    }
    byte[] bytes;
    try {
      bytes = java.util.Base64.getMimeDecoder().decode(url.substring(comma + 1));
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid(INPUT_REFERENCE, "input_reference.image_url is not valid base64");
    }
    if (bytes.length > config.inputReferenceMaxBytes()) {
      throw tooLarge(INPUT_REFERENCE, config.inputReferenceMaxBytes());
    }
    String sniffed =
        ImageTypes.sniff(java.util.Arrays.copyOf(bytes, Math.min(bytes.length, 16)))
            .orElseThrow(
                () ->
                    ApiException.invalid(
                        INPUT_REFERENCE, "input_reference must be a JPEG, PNG or WebP image"));
    return new VideoService.Input(bytes, MediaType.parseMediaType(sniffed));
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

  private static ApiException tooLarge(String param, long maxBytes) {
    return new ApiException(
        HttpStatus.CONTENT_TOO_LARGE,
        "payload_too_large",
        param + " must be at most " + maxBytes + " bytes",
        param);
  }

  private static <T> T valid(Supplier<T> validation) {
    try {
      return validation.get();
    } catch (InvalidRequestException e) {
      throw ApiException.invalid(e.param(), e.getMessage());
    }
  }
}
