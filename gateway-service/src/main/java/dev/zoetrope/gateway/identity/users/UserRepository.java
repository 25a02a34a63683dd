package dev.zoetrope.gateway.identity.users;

import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Users in the {@code identity} schema. Blocking: callers run it on a bounded-elastic thread. */
@Repository
public class UserRepository {
  private final JdbcClient jdbc;

  public UserRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public record UserRow(UUID id, String username, String passwordHash, String tier) {}

  /** Inserts a free-tier user; false when the username is taken (checked by the unique index). */
  boolean insert(UUID id, String username, String passwordHash) {
    return jdbc.sql(
                """
                insert into users (id, username, password_hash) values (?, ?, ?)
                on conflict (username) do nothing
                """)
            .params(id, username, passwordHash)
            .update()
        == 1;
  }

  Optional<UserRow> findByUsername(String username) {
    return jdbc.sql("select id, username, password_hash, tier from users where username = ?")
        .param(username)
        .query(UserRow.class)
        .optional();
  }
}
