package dev.zoetrope.feed.posts;

import dev.zoetrope.feed.rules.PageCursor;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class PostRepository {
  private final JdbcClient jdbc;

  PostRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** False when the video already has a post (at most one per video). */
  boolean insert(Post post) {
    return jdbc.sql(
                """
                insert into posts (id, video_id, author_id, caption, created_at)
                values (:id, :videoId, :authorId, :caption, :createdAt)
                on conflict (video_id) do nothing
                """)
            .param("id", post.id())
            .param("videoId", post.videoId())
            .param("authorId", post.authorId())
            .param("caption", post.caption())
            .param("createdAt", OffsetDateTime.ofInstant(post.createdAt(), ZoneOffset.UTC))
            .update()
        == 1;
  }

  public Optional<Post> find(UUID id) {
    return jdbc.sql("select id, video_id, author_id, caption, created_at from posts where id = :id")
        .param("id", id)
        .query(PostRepository::map)
        .optional();
  }

  /**
   * The following feed of {@code reader}: posts by the users they follow and by themselves, newest
   * first, strictly after {@code after} when given.
   */
  public List<Post> following(UUID reader, PageCursor after, int limit) {
    String sql =
        """
        select p.id, p.video_id, p.author_id, p.caption, p.created_at from posts p
        where p.author_id = any (array(
                select followee_id from follows where follower_id = :reader
                union all select cast(:reader as uuid)))
        """
            + (after == null ? "" : " and (p.created_at, p.id) < (:at, :id)")
            + " order by p.created_at desc, p.id desc limit :limit";
    JdbcClient.StatementSpec spec = jdbc.sql(sql).param("reader", reader).param("limit", limit);
    if (after != null) {
      spec =
          spec.param("at", OffsetDateTime.ofInstant(after.at(), ZoneOffset.UTC))
              .param("id", after.id());
    }
    return spec.query(PostRepository::map).list();
  }

  private static Post map(ResultSet rs, int row) throws SQLException {
    return new Post(
        rs.getObject("id", UUID.class),
        rs.getObject("video_id", UUID.class),
        rs.getObject("author_id", UUID.class),
        rs.getString("caption"),
        rs.getObject("created_at", OffsetDateTime.class).toInstant());
  }
}
