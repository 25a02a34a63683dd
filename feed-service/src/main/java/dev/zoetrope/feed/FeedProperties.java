package dev.zoetrope.feed;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * feed-service settings.
 *
 * @param maxFollows how many users one user may follow
 * @param maxCaptionChars longest caption, in Unicode code points
 * @param defaultPageSize page size when a list request names no limit
 * @param maxPageSize largest limit a list request may ask for
 */
@ConfigurationProperties("zoetrope.feed")
public record FeedProperties(
    @DefaultValue("5000") int maxFollows,
    @DefaultValue("500") int maxCaptionChars,
    @DefaultValue("20") int defaultPageSize,
    @DefaultValue("50") int maxPageSize) {}
