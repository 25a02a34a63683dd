package dev.zoetrope.feed;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class FeedApplication {
  public static void main(String[] args) {
    SpringApplication.run(FeedApplication.class, args);
  }
}
