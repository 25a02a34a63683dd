package dev.zoetrope.cameo;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Everything cameo-consent-service can be tuned with, under {@code zoetrope.cameo}. The S3
 * connection itself is shared platform config ({@code zoetrope.s3.*}).
 *
 * @param bucket the recordings bucket, created on first use; no other service writes to it
 * @param maxRecordingBytes larger uploads are refused (the multipart limit stops them earlier)
 * @param minRecordingMs shorter recordings are refused
 * @param maxRecordingMs longer recordings are refused
 * @param maxRecordingWidthPx wider recordings are refused before decoding
 * @param maxRecordingHeightPx taller recordings are refused before decoding
 * @param maxActiveCameosPerOwner a user's active (not revoked) cameos
 * @param maxApprovalsPerCameo users on one cameo's approved list
 * @param maxNameChars cameo name length
 * @param maxCameosPerCheck cameo ids in one usage check
 * @param maxListLimit page size cap for listing one's cameos
 */
@ConfigurationProperties("zoetrope.cameo")
public record CameoProperties(
    @DefaultValue("cameo-recordings") String bucket,
    @DefaultValue("20971520") long maxRecordingBytes,
    @DefaultValue("1000") long minRecordingMs,
    @DefaultValue("15000") long maxRecordingMs,
    @DefaultValue("4096") int maxRecordingWidthPx,
    @DefaultValue("4096") int maxRecordingHeightPx,
    @DefaultValue("10") int maxActiveCameosPerOwner,
    @DefaultValue("500") int maxApprovalsPerCameo,
    @DefaultValue("40") int maxNameChars,
    @DefaultValue("10") int maxCameosPerCheck,
    @DefaultValue("100") int maxListLimit) {}
