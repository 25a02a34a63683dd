package dev.zoetrope.cameo;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class CameoApplication {
  public static void main(String[] args) {
    SpringApplication.run(CameoApplication.class, args);
  }
}
