package dev.zoetrope.cameo.cameos;

import dev.zoetrope.cameo.CameoProperties;
import dev.zoetrope.cameo.consent.CameoStatus;
import dev.zoetrope.cameo.consent.ConsentPolicy;
import dev.zoetrope.cameo.consent.Permission;
import dev.zoetrope.cameo.recording.RecordingInspector;
import dev.zoetrope.cameo.recording.RecordingStore;
import dev.zoetrope.common.events.EventEnvelope;
import dev.zoetrope.common.outbox.Outbox;
import dev.zoetrope.common.web.ApiException;
import dev.zoetrope.contracts.cameo.CameoEvents;
import dev.zoetrope.contracts.cameo.CameoEvents.ConsentChanged;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.multipart.MultipartFile;

/** Cameo lifecycle: upload, permission and approvals, revocation, and usage checks. */
@Service
public class CameoService {
  private static final Logger log = LoggerFactory.getLogger(CameoService.class);

  private final CameoRepository cameos;
  private final RecordingInspector inspector;
  private final RecordingStore recordings;
  private final TransactionTemplate tx;
  private final CameoProperties props;
  private final Outbox outbox;

  public CameoService(
      CameoRepository cameos,
      RecordingInspector inspector,
      RecordingStore recordings,
      TransactionTemplate tx,
      CameoProperties props,
      Outbox outbox) {
    this.cameos = cameos;
    this.inspector = inspector;
    this.recordings = recordings;
    this.tx = tx;
    this.props = props;
    this.outbox = outbox;
  }

  /**
   * Validates and stores a new cameo. The object is written before the row and deleted again if the
   * row cannot be written, so a row never points at a missing recording and (crashes aside) no
   * recording outlives a failed upload.
   *
   * <p>Not yet: a liveness challenge (a prompted phrase or gesture recorded live) to show the
   * person uploading is the person in the recording. Until then any decodable clip is accepted.
   */
  public Cameo create(UUID owner, String name, Permission permission, MultipartFile recording) {
    if (recording.isEmpty()) {
      throw new ApiException(
          HttpStatus.BAD_REQUEST,
          RecordingInspector.INVALID,
          "the recording is empty",
          "recording");
    }
    if (recording.getSize() > props.maxRecordingBytes()) {
      throw new ApiException(
          HttpStatus.BAD_REQUEST,
          RecordingInspector.INVALID,
          "the recording must be at most " + props.maxRecordingBytes() / (1024 * 1024) + " MB",
          "recording");
    }
    // Cheap early refusal; the authoritative check runs again under the owner lock below.
    requireBelowLimit(owner);
    Path file = null;
    try {
      file = Files.createTempFile("cameo-upload-", ".mp4");
      String sha256;
      try (InputStream in = recording.getInputStream()) {
        sha256 = copyHashing(in, file);
      }
      RecordingInspector.Facts facts = inspector.inspect(file);
      UUID id = UUID.randomUUID();
      String key = RecordingStore.keyFor(id);
      recordings.put(key, file, sha256);
      Cameo row =
          new Cameo(
              id,
              owner,
              name,
              permission,
              CameoStatus.ACTIVE,
              key,
              sha256,
              Files.size(file),
              facts.durationMs(),
              null,
              null);
      try {
        return tx.execute(
            status -> {
              cameos.lockOwner(owner);
              requireBelowLimit(owner);
              return cameos.insert(row);
            });
      } catch (RuntimeException e) {
        recordings.deleteQuietly(key);
        throw e;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      deleteTemp(file);
    }
  }

  public List<Cameo> listMine(UUID owner, Optional<CameoStatus> status, int limit) {
    return cameos.listByOwner(owner, status.orElse(null), limit);
  }

  /** What {@code viewer} may see of a cameo: all of it as owner, the name if they may use it. */
  public sealed interface Visible permits AsOwner, AsUser {}

  public record AsOwner(Cameo cameo) implements Visible {}

  public record AsUser(UUID id, String name, Instant createdAt) implements Visible {}

  public Visible view(UUID viewer, UUID id) {
    Cameo c = cameos.find(id).orElseThrow(CameoService::notFound);
    if (c.ownerId().equals(viewer)) {
      return new AsOwner(c);
    }
    if (!mayUse(c, viewer)) {
      throw notFound();
    }
    return new AsUser(c.id(), c.name(), c.createdAt());
  }

  /** The cameo, if {@code requester} may put it in a clip right now; empty alike otherwise. */
  public Optional<Cameo> usableBy(UUID requester, UUID id) {
    return cameos.find(id).filter(c -> mayUse(c, requester));
  }

  private boolean mayUse(Cameo c, UUID requester) {
    boolean other = !c.ownerId().equals(requester);
    boolean approved =
        c.permission() == Permission.APPROVED && other && cameos.isApproved(c.id(), requester);
    boolean mutuals =
        c.permission() == Permission.MUTUALS
            && other
            && cameos.mutualFollows(c.ownerId(), requester);
    ConsentPolicy.Facts facts =
        new ConsentPolicy.Facts(c.ownerId(), c.permission(), c.status(), approved, mutuals);
    return ConsentPolicy.mayUse(facts, requester);
  }

  public Cameo changePermission(UUID owner, UUID id, Permission permission) {
    return tx.execute(
        status -> {
          Cameo c = ownedActiveForUpdate(owner, id);
          if (c.permission() == permission) {
            return c;
          }
          cameos.updatePermission(c.id(), permission);
          Cameo changed = cameos.find(id).orElseThrow();
          // Any change can shut someone out (approved and mutuals each admit people the other
          // does not), so every change is announced; consumers re-check rather than compare.
          consentChanged(changed);
          return changed;
        });
  }

  public void approve(UUID owner, UUID id, UUID user) {
    tx.executeWithoutResult(
        status -> {
          Cameo c = ownedActiveForUpdate(owner, id);
          if (owner.equals(user)) {
            throw ApiException.invalid("userId", "an owner can always use their own cameo");
          }
          if (cameos.isApproved(c.id(), user)) {
            return;
          }
          if (cameos.countApprovals(c.id()) >= props.maxApprovalsPerCameo()) {
            throw new ApiException(
                HttpStatus.CONFLICT,
                "approval_limit_reached",
                "a cameo can have at most " + props.maxApprovalsPerCameo() + " approved users");
          }
          cameos.approve(c.id(), user);
        });
  }

  public void unapprove(UUID owner, UUID id, UUID user) {
    tx.executeWithoutResult(
        status -> {
          // Removing someone stays possible after revocation: it can only narrow consent.
          Cameo c =
              cameos
                  .findForUpdate(id)
                  .filter(x -> x.ownerId().equals(owner))
                  .orElseThrow(CameoService::notFound);
          if (cameos.unapprove(c.id(), user)) {
            consentChanged(c);
          }
        });
  }

  public List<CameoRepository.Approval> approvals(UUID owner, UUID id) {
    Cameo c =
        cameos.find(id).filter(x -> x.ownerId().equals(owner)).orElseThrow(CameoService::notFound);
    return cameos.approvals(c.id(), props.maxApprovalsPerCameo());
  }

  /**
   * Revokes for good; idempotent. The recording is deleted once the revocation has committed:
   * nothing may use it again, so there is no reason to keep someone's likeness.
   */
  public void revoke(UUID owner, UUID id) {
    tx.executeWithoutResult(
        status -> {
          Cameo c =
              cameos
                  .findForUpdate(id)
                  .filter(x -> x.ownerId().equals(owner))
                  .orElseThrow(CameoService::notFound);
          if (c.status() == CameoStatus.REVOKED) {
            return;
          }
          cameos.revoke(c.id());
          consentChanged(cameos.find(c.id()).orElseThrow());
          TransactionSynchronizationManager.registerSynchronization(
              new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                  recordings.deleteQuietly(c.recordingKey());
                }
              });
        });
  }

  /**
   * A follow edge between {@code a} and {@code b} went away, so they are no longer mutuals: each
   * active {@code mutuals} cameo either of them owns may have shut the other out. Announced like a
   * narrowed permission (the event does not say who lost access; generation re-checks its jobs).
   * Must run in the transaction that recorded the removal, which the outbox enforces.
   */
  public void mutualFollowEnded(UUID a, UUID b) {
    for (Cameo c : cameos.activeMutualsOwnedBy(List.of(a, b))) {
      consentChanged(c);
    }
  }

  /**
   * Announces, in the transaction that narrowed it, that who may use {@code c} may have changed, so
   * generation can stop renders already running for someone who lost consent.
   */
  private void consentChanged(Cameo c) {
    outbox.append(
        CameoEvents.CAMEOS_TOPIC,
        EventEnvelope.of(
            ConsentChanged.TYPE,
            ConsentChanged.VERSION,
            c.id().toString(),
            new ConsentChanged(c.id(), c.ownerId(), c.status().wire(), c.permission().wire())));
  }

  /** The ids (deduplicated, in request order) the requester may not use. */
  public List<UUID> deniedForUse(UUID requester, List<UUID> ids) {
    List<UUID> distinct = ids.stream().distinct().toList();
    return ConsentPolicy.denied(distinct, cameos.usageFacts(distinct, requester), requester);
  }

  private Cameo ownedActiveForUpdate(UUID owner, UUID id) {
    Cameo c =
        cameos
            .findForUpdate(id)
            .filter(x -> x.ownerId().equals(owner))
            .orElseThrow(CameoService::notFound);
    if (c.status() != CameoStatus.ACTIVE) {
      throw new ApiException(
          HttpStatus.CONFLICT, "cameo_revoked", "this cameo is revoked and cannot change");
    }
    return c;
  }

  private void requireBelowLimit(UUID owner) {
    if (cameos.countActive(owner) >= props.maxActiveCameosPerOwner()) {
      throw new ApiException(
          HttpStatus.CONFLICT,
          "cameo_limit_reached",
          "you can have at most "
              + props.maxActiveCameosPerOwner()
              + " active cameos; revoke one first");
    }
  }

  private static ApiException notFound() {
    return ApiException.notFound("cameo");
  }

  private static String copyHashing(InputStream in, Path file) throws IOException {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    try (DigestInputStream digesting = new DigestInputStream(in, sha)) {
      Files.copy(digesting, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  private static void deleteTemp(Path file) {
    if (file == null) {
      return;
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      log.warn("could not delete {}", file, e);
    }
  }
}
