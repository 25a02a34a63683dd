package dev.zoetrope.cameo.cameos;

import dev.zoetrope.cameo.CameoProperties;
import dev.zoetrope.cameo.recording.RecordingInspector;
import dev.zoetrope.common.web.ErrorBodies;
import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.multipart.MaxUploadSizeExceededException;

/**
 * Upload limits from {@code zoetrope.cameo.max-recording-bytes}, enforced while the multipart body
 * is parsed, so an oversized recording is refused before it fills the disk. A bean rather than
 * {@code spring.servlet.multipart.*}, so one setting governs both this and the check in code.
 */
@Configuration
class UploadLimits {

  @Bean
  MultipartConfigElement multipartConfigElement(CameoProperties props) {
    long maxFile = props.maxRecordingBytes();
    // The other form fields are a few bytes; the envelope must not be the reason to refuse.
    long maxRequest = maxFile + 64 * 1024;
    return new MultipartConfigElement("", maxFile, maxRequest, 0);
  }

  /** The recording is the only upload this service takes, so "too large" means this. */
  @RestControllerAdvice
  @Order(Ordered.HIGHEST_PRECEDENCE)
  static class TooLarge {
    private final CameoProperties props;

    TooLarge(CameoProperties props) {
      this.props = props;
    }

    @ExceptionHandler(MaxUploadSizeExceededException.class)
    ResponseEntity<Object> tooLarge(MaxUploadSizeExceededException e, HttpServletRequest request) {
      String message =
          "the recording must be at most " + props.maxRecordingBytes() / (1024 * 1024) + " MB";
      if (ErrorBodies.isOpenAiPath(request.getRequestURI())) {
        // The characters API calls the upload "video".
        return ResponseEntity.badRequest()
            .contentType(MediaType.APPLICATION_JSON)
            .body(
                ErrorBodies.openAi(
                    HttpStatus.BAD_REQUEST, RecordingInspector.INVALID, message, "video"));
      }
      return ResponseEntity.badRequest()
          .contentType(MediaType.APPLICATION_PROBLEM_JSON)
          .body(ErrorBodies.problem(HttpStatus.BAD_REQUEST, RecordingInspector.INVALID, message));
    }
  }
}
