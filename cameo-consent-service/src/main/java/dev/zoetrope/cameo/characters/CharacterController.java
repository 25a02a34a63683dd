package dev.zoetrope.cameo.characters;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.zoetrope.cameo.CameoProperties;
import dev.zoetrope.cameo.cameos.Cameo;
import dev.zoetrope.cameo.cameos.CameoIds;
import dev.zoetrope.cameo.cameos.CameoNames;
import dev.zoetrope.cameo.cameos.CameoService;
import dev.zoetrope.cameo.consent.Permission;
import dev.zoetrope.common.security.CurrentUser;
import dev.zoetrope.common.web.ApiException;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * The OpenAI Videos API's characters, which in Zoetrope are cameos: the id is the cameo id, so it
 * works in both APIs, and the same recording checks, limits and consent rules apply. A character
 * made here starts as {@code only_me}; its owner widens it through {@code /api/cameos}.
 */
@RestController
@RequestMapping("/v1/videos/characters")
public class CharacterController {
  /** The OpenAI request's field names, which the errors name as {@code param}. */
  static final String VIDEO = "video";

  static final String NAME = "name";

  private final CameoService service;
  private final CameoProperties props;

  public CharacterController(CameoService service, CameoProperties props) {
    this.service = service;
    this.props = props;
  }

  // Parts are optional here so that a missing one is refused with our message and param, not
  // the framework's.
  @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
  public CharacterView create(
      @RequestPart(value = VIDEO, required = false) MultipartFile video,
      @RequestParam(value = NAME, required = false) String name) {
    UUID owner = CurrentUser.get().id();
    String valid = CameoNames.valid(name, props.maxNameChars());
    if (video == null) {
      throw ApiException.invalid(VIDEO, "video is required: a short recording with sound");
    }
    try {
      return CharacterView.of(service.create(owner, valid, Permission.ONLY_ME, video));
    } catch (ApiException e) {
      // The cameo code names the upload "recording"; an OpenAI client sent it as "video".
      if ("recording".equals(e.param())) {
        throw new ApiException(e.status(), e.code(), e.getMessage(), VIDEO);
      }
      throw e;
    }
  }

  /** The owner's character, or one they may use; anything else is 404, as if it did not exist. */
  @GetMapping("/{character_id}")
  public CharacterView get(@PathVariable("character_id") String characterId) {
    UUID id =
        CameoIds.parse(characterId)
            .orElseThrow(
                () -> new ApiException(HttpStatus.NOT_FOUND, "not_found", "character not found"));
    try {
      return switch (service.view(CurrentUser.get().id(), id)) {
        case CameoService.AsOwner o -> CharacterView.of(o.cameo());
        case CameoService.AsUser u ->
            new CharacterView(CameoIds.format(u.id()), u.name(), u.createdAt().getEpochSecond());
      };
    } catch (ApiException e) {
      if (e.status() == HttpStatus.NOT_FOUND) {
        throw new ApiException(HttpStatus.NOT_FOUND, "not_found", "character not found");
      }
      throw e;
    }
  }

  /** The OpenAI character object: exactly these three fields. */
  public record CharacterView(String id, String name, @JsonProperty("created_at") long createdAt) {
    static CharacterView of(Cameo c) {
      return new CharacterView(CameoIds.format(c.id()), c.name(), c.createdAt().getEpochSecond());
    }
  }
}
