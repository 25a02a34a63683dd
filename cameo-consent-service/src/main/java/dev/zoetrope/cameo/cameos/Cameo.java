package dev.zoetrope.cameo.cameos;

import dev.zoetrope.cameo.consent.CameoStatus;
import dev.zoetrope.cameo.consent.Permission;
import java.time.Instant;
import java.util.UUID;

/** One row of {@code cameos}. */
public record Cameo(
    UUID id,
    UUID ownerId,
    String name,
    Permission permission,
    CameoStatus status,
    String recordingKey,
    String recordingSha256,
    long recordingBytes,
    long durationMs,
    Instant createdAt,
    Instant revokedAt) {}
