package dev.zoetrope.feed.videos;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class VideoRepository {
  private final JdbcClient jdbc;

  VideoRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public Optional<CompletedVideo> find(UUID videoId) {
    return jdbc.sql("select * from videos where video_id = :id")
        .param("id", videoId)
        .query(VideoRepository::map)
        .optional();
  }

  /** Whether the owner deleted the video (it is then never in the projection again). */
  public boolean deleted(UUID videoId) {
    return jdbc.sql("select exists (select 1 from deleted_videos where video_id = :id)")
        .param("id", videoId)
        .query(Boolean.class)
        .single();
  }

  /**
   * Records a completion; a later completion (a re-render) replaces the asset, never the owner. A
   * deleted video stays deleted.
   */
  void upsert(CompletedVideo video) {
    jdbc.sql(
            """
            insert into videos (video_id, owner_id, asset_id, seconds, size, completed_at)
            select :videoId, :ownerId, :assetId, :seconds, :size, :completedAt
            where not exists (select 1 from deleted_videos where video_id = :videoId)
            on conflict (video_id) do update
              set asset_id = excluded.asset_id,
                  seconds = excluded.seconds,
                  size = excluded.size,
                  completed_at = excluded.completed_at
            """)
        .param("videoId", video.videoId())
        .param("ownerId", video.ownerId())
        .param("assetId", video.assetId())
        .param("seconds", video.seconds())
        .param("size", video.size())
        .param("completedAt", OffsetDateTime.ofInstant(video.completedAt(), ZoneOffset.UTC))
        .update();
  }

  /**
   * Tombstones the video and drops it from the projection; its post goes with it (on delete
   * cascade). Repeating it changes nothing.
   */
  void delete(UUID videoId, Instant deletedAt) {
    jdbc.sql(
            """
            insert into deleted_videos (video_id, deleted_at) values (:id, :at)
            on conflict (video_id) do nothing
            """)
        .param("id", videoId)
        .param("at", OffsetDateTime.ofInstant(deletedAt, ZoneOffset.UTC))
        .update();
    jdbc.sql("delete from videos where video_id = :id").param("id", videoId).update();
  }

  private static CompletedVideo map(ResultSet rs, int row) throws SQLException {
    return new CompletedVideo(
        rs.getObject("video_id", UUID.class),
        rs.getObject("owner_id", UUID.class),
        rs.getObject("asset_id", UUID.class),
        rs.getInt("seconds"),
        rs.getString("size"),
        rs.getObject("completed_at", OffsetDateTime.class).toInstant());
  }
}
