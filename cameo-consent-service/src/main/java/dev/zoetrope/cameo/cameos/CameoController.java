package dev.zoetrope.cameo.cameos;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.zoetrope.cameo.CameoProperties;
import dev.zoetrope.cameo.consent.CameoStatus;
import dev.zoetrope.cameo.consent.Permission;
import dev.zoetrope.common.security.CurrentUser;
import dev.zoetrope.common.web.ApiException;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** The public cameo API (user tokens). Someone else's cameo answers 404 unless they may use it. */
@RestController
@RequestMapping("/api/cameos")
public class CameoController {
  private final CameoService service;
  private final CameoProperties props;

  public CameoController(CameoService service, CameoProperties props) {
    this.service = service;
    this.props = props;
  }

  @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
  public ResponseEntity<OwnerView> create(
      @RequestPart("recording") MultipartFile recording,
      @RequestParam("name") String name,
      @RequestParam(value = "permission", required = false) String permission) {
    UUID owner = CurrentUser.get().id();
    Cameo c = service.create(owner, validName(name), permission(permission, true), recording);
    OwnerView view = OwnerView.of(c);
    return ResponseEntity.created(URI.create("/api/cameos/" + view.id())).body(view);
  }

  @GetMapping
  public Page<OwnerView> mine(
      @RequestParam(value = "status", defaultValue = "active") String status,
      @RequestParam(value = "limit", defaultValue = "50") int limit) {
    Optional<CameoStatus> filter =
        switch (status) {
          case "active" -> Optional.of(CameoStatus.ACTIVE);
          case "revoked" -> Optional.of(CameoStatus.REVOKED);
          case "all" -> Optional.empty();
          default -> throw ApiException.invalid("status", "status must be active, revoked or all");
        };
    if (limit < 1 || limit > props.maxListLimit()) {
      throw ApiException.invalid("limit", "limit must be 1 to " + props.maxListLimit());
    }
    return new Page<>(
        service.listMine(CurrentUser.get().id(), filter, limit).stream()
            .map(OwnerView::of)
            .toList());
  }

  @GetMapping("/{id}")
  public Object get(@PathVariable("id") String id) {
    return switch (service.view(CurrentUser.get().id(), cameoId(id))) {
      case CameoService.AsOwner o -> OwnerView.of(o.cameo());
      case CameoService.AsUser u -> new UserView(CameoIds.format(u.id()), u.name());
    };
  }

  @PatchMapping("/{id}")
  public OwnerView patch(@PathVariable("id") String id, @RequestBody PermissionChange body) {
    Permission p = permission(body.permission(), false);
    return OwnerView.of(service.changePermission(CurrentUser.get().id(), cameoId(id), p));
  }

  @DeleteMapping("/{id}")
  public ResponseEntity<Void> revoke(@PathVariable("id") String id) {
    service.revoke(CurrentUser.get().id(), cameoId(id));
    return ResponseEntity.noContent().build();
  }

  @GetMapping("/{id}/approvals")
  public Page<ApprovalView> approvals(@PathVariable("id") String id) {
    return new Page<>(
        service.approvals(CurrentUser.get().id(), cameoId(id)).stream()
            .map(a -> new ApprovalView(a.userId().toString(), a.createdAt()))
            .toList());
  }

  @PutMapping("/{id}/approvals/{userId}")
  public ResponseEntity<Void> approve(
      @PathVariable("id") String id, @PathVariable("userId") String userId) {
    service.approve(CurrentUser.get().id(), cameoId(id), userId(userId));
    return ResponseEntity.noContent().build();
  }

  @DeleteMapping("/{id}/approvals/{userId}")
  public ResponseEntity<Void> unapprove(
      @PathVariable("id") String id, @PathVariable("userId") String userId) {
    service.unapprove(CurrentUser.get().id(), cameoId(id), userId(userId));
    return ResponseEntity.noContent().build();
  }

  private String validName(String raw) {
    return CameoNames.valid(raw, props.maxNameChars());
  }

  private static Permission permission(String raw, boolean defaultOnlyMe) {
    if (raw == null && defaultOnlyMe) {
      return Permission.ONLY_ME;
    }
    return Permission.fromWire(raw)
        .orElseThrow(
            () ->
                ApiException.invalid(
                    "permission", "permission must be only_me, approved, mutuals or everyone"));
  }

  private static UUID cameoId(String wire) {
    return CameoIds.parse(wire).orElseThrow(() -> ApiException.notFound("cameo"));
  }

  private static UUID userId(String raw) {
    try {
      if (raw.length() == 36) {
        return UUID.fromString(raw);
      }
    } catch (IllegalArgumentException e) {
      // fall through
    }
    throw ApiException.invalid("userId", "userId must be a user id (UUID)");
  }

  public record PermissionChange(String permission) {}

  public record Page<T>(List<T> data) {}

  /** The owner's view of a cameo. */
  public record OwnerView(
      String id,
      @JsonProperty("owner_id") String ownerId,
      String name,
      String permission,
      String status,
      @JsonProperty("duration_ms") long durationMs,
      @JsonProperty("created_at") Instant createdAt,
      @JsonProperty("revoked_at") Instant revokedAt) {
    static OwnerView of(Cameo c) {
      return new OwnerView(
          CameoIds.format(c.id()),
          c.ownerId().toString(),
          c.name(),
          c.permission().wire(),
          c.status().wire(),
          c.durationMs(),
          c.createdAt(),
          c.revokedAt());
    }
  }

  /** What a user who may use someone else's cameo sees: enough to pick it, nothing more. */
  public record UserView(String id, String name) {}

  public record ApprovalView(
      @JsonProperty("user_id") String userId, @JsonProperty("created_at") Instant createdAt) {}
}
