package dev.zoetrope.generation.world;

import java.util.List;

/**
 * Synthesises a scene's audio at 16 kHz mono from its contacts and speech:
 *
 * <ul>
 *   <li>an impact is a sum of exponentially decaying partials (the material's pitch band and ring
 *       time, higher for smaller objects) plus a short noise click, starting at the exact contact
 *       time; its amplitude follows the impact speed, and the floor scales loudness, ring time and
 *       click (grass is dull, tiles bright);
 *   <li>a syllable is the speaker's harmonic tone along the word's pitch contour, with vibrato, and
 *       a short attack and release inside the voiced interval, silent outside it.
 * </ul>
 *
 * <p>The mix passes through {@code tanh}: unchanged when quiet, never clipping, and monotonic, so a
 * faster impact is always louder. Deterministic: noise comes from the scene seed, and sines from a
 * fixed table rather than {@code Math.sin}, whose JIT intrinsic may differ in the last bit.
 */
public final class Soundtrack {
  public static final int SAMPLE_RATE = 16_000;

  /** Impact speed that gives full amplitude. */
  public static final double REFERENCE_SPEED_MPS = 5.0;

  static final double VOICE_GAIN = 0.25;
  static final double ATTACK_S = 0.008;
  static final double RELEASE_S = 0.02;

  private static final int TABLE_BITS = 13;
  private static final int TABLE_SIZE = 1 << TABLE_BITS;
  private static final double[] SINE = sineTable();
  private static final double NYQUIST_GUARD_HZ = 7_000;

  /** A character landing: a soft low thud. */
  private static final double THUD_HZ = 110;

  private Soundtrack() {}

  static float[] synthesize(Scene scene, List<Contact> contacts, List<SpeechInterval> speech) {
    int n = (int) Math.round(scene.durationS() * SAMPLE_RATE);
    double[] mix = new double[n];
    for (int i = 0; i < contacts.size(); i++) {
      impact(mix, scene, contacts.get(i), new Rng(Rng.hash(scene.seed(), 0x1A0L + i)));
    }
    for (SpeechInterval s : speech) {
      CharacterSpec c = (CharacterSpec) scene.actors().get(s.entity()).entity();
      Word.Syllable syl = s.word().syllables().get(s.syllable());
      syllable(mix, c.voice(), syl, s.startS(), s.endS());
    }
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      out[i] = (float) StrictMath.tanh(mix[i]);
    }
    return out;
  }

  /** Amplitude of an impact before material and floor gains: grows with speed, saturates at 1. */
  public static double loudness(double speedMps) {
    return StrictMath.pow(Math.min(1, speedMps / REFERENCE_SPEED_MPS), 0.8);
  }

  private static void impact(double[] mix, Scene scene, Contact c, Rng noise) {
    Background bg = scene.background();
    double amp = 0.8 * loudness(c.speedMps());
    boolean floor = c.onFloor();
    if (floor) {
      amp *= bg.impactGain();
    }
    double decayScale = floor ? bg.decayFactor() : 1;
    if (c.material() == null) {
      // Characters land with a soft thud, damped like the floor.
      partial(mix, c.timeS(), THUD_HZ, 0.06 * decayScale, amp * 0.8);
      partial(mix, c.timeS(), THUD_HZ * 1.7, 0.03 * decayScale, amp * 0.3);
      click(mix, c.timeS(), amp * 0.3, 0.004, floor && bg == Background.GRASS, noise);
      return;
    }
    double size = ((ObjectSpec) scene.actors().get(c.entity()).entity()).sizeM();
    if (c.otherMaterial() != null) {
      double otherSize = ((ObjectSpec) scene.actors().get(c.other()).entity()).sizeM();
      material(mix, c.timeS(), c.material(), size, amp * 0.6, 1, noise);
      material(mix, c.timeS(), c.otherMaterial(), otherSize, amp * 0.6, 1, noise);
      return;
    }
    material(mix, c.timeS(), c.material(), size, amp, decayScale, noise);
    if (floor && bg.clickGain() > 0) {
      click(mix, c.timeS(), amp * 0.3 * bg.clickGain(), 0.0015, false, noise);
    }
    if (floor && bg == Background.GRASS) {
      click(mix, c.timeS(), amp * 0.25, 0.02, true, noise);
    }
  }

  private static void material(
      double[] mix, double t, Material m, double sizeM, double amp, double decayScale, Rng noise) {
    double base = m.baseHz() * StrictMath.sqrt(0.15 / sizeM);
    for (int k = 0; k < m.partialRatios().size(); k++) {
      double f = base * m.partialRatios().get(k);
      if (f < NYQUIST_GUARD_HZ) {
        partial(mix, t, f, m.partialDecaysS().get(k) * decayScale, amp * m.partialGains().get(k));
      }
    }
    click(mix, t, amp * m.noiseGain(), m.noiseDecayS(), false, noise);
  }

  /** A cosine-phase decaying partial: an impact starts at its loudest. */
  private static void partial(double[] mix, double t, double hz, double decayS, double amp) {
    int first = (int) Math.ceil(t * SAMPLE_RATE);
    int last = Math.min(mix.length, first + (int) (decayS * 9.3 * SAMPLE_RATE));
    double damp = StrictMath.exp(-1.0 / (decayS * SAMPLE_RATE));
    double dt0 = first / (double) SAMPLE_RATE - t;
    double env = amp * StrictMath.exp(-dt0 / decayS);
    for (int i = Math.max(0, first); i < last; i++) {
      double dt = i / (double) SAMPLE_RATE - t;
      mix[i] += env * sin(hz * dt + 0.25);
      env *= damp;
    }
  }

  /** Decaying white noise; {@code soft} low-passes it (grass, cloth). */
  private static void click(
      double[] mix, double t, double amp, double decayS, boolean soft, Rng noise) {
    int first = (int) Math.ceil(t * SAMPLE_RATE);
    int last = Math.min(mix.length, first + (int) (decayS * 9.3 * SAMPLE_RATE));
    double damp = StrictMath.exp(-1.0 / (decayS * SAMPLE_RATE));
    double env = amp;
    double lp = 0;
    for (int i = Math.max(0, first); i < last; i++) {
      double w = noise.signed();
      lp = soft ? lp + 0.25 * (w - lp) : w;
      mix[i] += env * (soft ? 2 * lp : w);
      env *= damp;
    }
  }

  private static void syllable(
      double[] mix, Voice voice, Word.Syllable syl, double start, double end) {
    int first = (int) Math.ceil(start * SAMPLE_RATE);
    int last = Math.min(mix.length, (int) Math.ceil(end * SAMPLE_RATE));
    List<Double> w = voice.harmonics();
    double norm = 0;
    for (double x : w) {
      norm += x * x;
    }
    norm = VOICE_GAIN / StrictMath.sqrt(norm);
    double phase = 0;
    for (int i = first; i < last; i++) {
      double t = i / (double) SAMPLE_RATE;
      double u = (t - start) / (end - start);
      double f0 =
          voice.basePitchHz()
              * syl.pitchAt(u)
              * (1 + voice.vibratoDepth() * sin(voice.vibratoHz() * t));
      double env = Math.min(1, Math.min((t - start) / ATTACK_S, (end - t) / RELEASE_S));
      double v = 0;
      for (int k = 0; k < w.size() && (k + 1) * f0 < NYQUIST_GUARD_HZ; k++) {
        v += w.get(k) * sin((k + 1) * phase);
      }
      mix[i] += env * norm * v;
      phase += f0 / SAMPLE_RATE;
      phase -= Math.floor(phase);
    }
  }

  /** sin(2π·cycles) from a table with linear interpolation (error below 1e-7). */
  static double sin(double cycles) {
    double pos = (cycles - Math.floor(cycles)) * TABLE_SIZE;
    int i = (int) pos;
    double frac = pos - i;
    return SINE[i] + (SINE[i + 1] - SINE[i]) * frac;
  }

  private static double[] sineTable() {
    double[] t = new double[TABLE_SIZE + 1];
    for (int i = 0; i <= TABLE_SIZE; i++) {
      t[i] = StrictMath.sin(2 * StrictMath.PI * i / TABLE_SIZE);
    }
    return t;
  }
}
