/**
 * The procedural world the generator is trained and evaluated on: deterministic scenes (by seed) of
 * balls, blocks and simple characters that fall, bounce, roll, collide, jump and speak, rendered to
 * RGB frames with a synchronized 16 kHz soundtrack, a caption, and an analytic event log.
 *
 * <p>Entry points: {@link dev.zoetrope.generation.world.World} (seed → {@link
 * dev.zoetrope.generation.world.WorldClip}), {@link dev.zoetrope.generation.world.SceneGenerator},
 * {@link dev.zoetrope.generation.world.CameoRecording}, {@link
 * dev.zoetrope.generation.world.MelSpectrogram}, {@link
 * dev.zoetrope.generation.world.OnsetDetector} with {@link dev.zoetrope.generation.world.SyncMeter}
 * for sync evaluation, {@link dev.zoetrope.generation.world.HeldOutSplit}, {@link
 * dev.zoetrope.generation.world.Captions#VOCABULARY}, and the {@link
 * dev.zoetrope.generation.world.WorldSamples} CLI.
 *
 * <p>Conventions: world units are metres and seconds; the world is 2 m wide with the floor at y = 0
 * and gravity 9.81 m/s²; physics runs in 240 Hz steps with contacts solved exactly inside a step.
 * Frame {@code j} shows the world at {@code (j + 0.5) / fps}. Pixels are RGB floats in [0, 1];
 * audio floats in [-1, 1]. Plain Java (no Spring, no DJL), so training CLIs and tests use it
 * directly.
 */
package dev.zoetrope.generation.world;
