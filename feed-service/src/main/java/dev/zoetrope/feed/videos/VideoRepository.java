package dev.zoetrope.feed.videos;

import java.sql.ResultSet;
import java.sql.SQLException;
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

  /** Records a completion; a later completion (a re-render) replaces the asset, never the owner. */
  void upsert(CompletedVideo video) {
    jdbc.sql(
            """
            insert into videos (video_id, owner_id, asset_id, seconds, size, completed_at)
            values (:videoId, :ownerId, :assetId, :seconds, :size, :completedAt)
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
