package dev.zoetrope.generation.world;

/**
 * A rendered scene: frames, soundtrack ({@link Soundtrack#SAMPLE_RATE} Hz mono in [-1, 1], exactly
 * {@code round(durationS * 16000)} samples), caption and ground truth.
 */
public record WorldClip(
    Scene scene, String caption, VideoFrames video, float[] audio, EventLog events) {}
