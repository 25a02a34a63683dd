package dev.zoetrope.media.publication;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class PublicVideoRepository {
  private final JdbcClient jdbc;

  PublicVideoRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public boolean isPublic(UUID videoId) {
    return jdbc.sql("select exists (select 1 from public_videos where video_id = :id)")
        .param("id", videoId)
        .query(Boolean.class)
        .single();
  }

  /** Marks {@code videoId} public; a second publication keeps the first date. */
  void publish(UUID videoId, Instant publishedAt) {
    jdbc.sql(
            """
            insert into public_videos (video_id, published_at) values (:id, :at)
            on conflict (video_id) do nothing
            """)
        .param("id", videoId)
        .param("at", Timestamp.from(publishedAt))
        .update();
  }
}
