package dev.zoetrope.media;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class MediaStoreApplication {
  public static void main(String[] args) {
    SpringApplication.run(MediaStoreApplication.class, args);
  }
}
