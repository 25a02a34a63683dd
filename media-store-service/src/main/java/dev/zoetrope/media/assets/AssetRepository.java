package dev.zoetrope.media.assets;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class AssetRepository {
  private final JdbcClient jdbc;

  AssetRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Inserts {@code asset}; its {@code createdAt} is ignored and set by the database. */
  Asset insert(Asset asset) {
    return jdbc.sql(
            """
            insert into assets (id, video_id, owner_id, variant, content_type, size_bytes, sha256,
                                bucket, object_key)
            values (:id, :videoId, :ownerId, :variant, :contentType, :sizeBytes, :sha256,
                    :bucket, :objectKey)
            returning *
            """)
        .param("id", asset.id())
        .param("videoId", asset.videoId())
        .param("ownerId", asset.ownerId())
        .param("variant", asset.variant().wire())
        .param("contentType", asset.contentType())
        .param("sizeBytes", asset.sizeBytes())
        .param("sha256", asset.sha256())
        .param("bucket", asset.bucket())
        .param("objectKey", asset.objectKey())
        .query(AssetRepository::map)
        .single();
  }

  public Optional<Asset> find(UUID assetId) {
    return jdbc.sql("select * from assets where id = :id")
        .param("id", assetId)
        .query(AssetRepository::map)
        .optional();
  }

  /**
   * The newest asset of {@code variant} for {@code videoId}: re-renders add rows, never replace.
   */
  public Optional<Asset> latest(UUID videoId, Variant variant) {
    return jdbc.sql(
            """
            select * from assets where video_id = :videoId and variant = :variant
              and not exists (select 1 from deleted_videos d where d.video_id = :videoId)
            order by created_at desc, id desc limit 1
            """)
        .param("videoId", videoId)
        .param("variant", variant.wire())
        .query(AssetRepository::map)
        .optional();
  }

  /** Serializes uploads and the delete of one video until the transaction ends. */
  void lockVideo(UUID videoId) {
    jdbc.sql("select pg_advisory_xact_lock(hashtextextended(:id, 0))")
        .param("id", videoId.toString())
        .query()
        .singleRow();
  }

  /** Whether an asset row points at {@code objectKey}. */
  boolean referencesKey(String objectKey) {
    return jdbc.sql("select exists (select 1 from assets where object_key = :key)")
        .param("key", objectKey)
        .query(Boolean.class)
        .single();
  }

  boolean isDeleted(UUID videoId) {
    return jdbc.sql("select exists (select 1 from deleted_videos where video_id = :id)")
        .param("id", videoId)
        .query(Boolean.class)
        .single();
  }

  void markDeleted(UUID videoId) {
    jdbc.sql("insert into deleted_videos (video_id) values (:id) on conflict (video_id) do nothing")
        .param("id", videoId)
        .update();
  }

  List<Asset> forVideo(UUID videoId) {
    return jdbc.sql("select * from assets where video_id = :id")
        .param("id", videoId)
        .query(AssetRepository::map)
        .list();
  }

  int deleteForVideo(UUID videoId) {
    return jdbc.sql("delete from assets where video_id = :id").param("id", videoId).update();
  }

  private static Asset map(ResultSet rs, int row) throws SQLException {
    return new Asset(
        rs.getObject("id", UUID.class),
        rs.getObject("video_id", UUID.class),
        rs.getObject("owner_id", UUID.class),
        Variant.parse(rs.getString("variant")).orElseThrow(),
        rs.getString("content_type"),
        rs.getLong("size_bytes"),
        rs.getString("sha256").trim(),
        rs.getString("bucket"),
        rs.getString("object_key"),
        rs.getTimestamp("created_at").toInstant());
  }
}
