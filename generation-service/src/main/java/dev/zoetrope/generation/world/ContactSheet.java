package dev.zoetrope.generation.world;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/**
 * A picture of a clip for people (and for evaluation reports): every frame in a grid, upscaled with
 * crisp pixels; a red frame border where a contact happens during that frame, a green bar under
 * frames where a character's mouth is open; then the log-mel spectrogram and the waveform with
 * contacts (red) and voiced intervals (green) marked on a shared time axis.
 */
public final class ContactSheet {
  private static final int COLUMNS = 12;
  private static final int GAP = 6;
  private static final int TITLE = 22;
  private static final int STRIP = 96;

  private ContactSheet() {}

  public static BufferedImage draw(WorldClip clip) {
    VideoFrames v = clip.video();
    EventLog log = clip.events();
    int scale = Math.max(2, 96 / Math.max(v.width(), v.height()));
    int cw = v.width() * scale;
    int ch = v.height() * scale;
    int rows = (v.frames() + COLUMNS - 1) / COLUMNS;
    int width = COLUMNS * (cw + GAP) + GAP;
    int gridH = rows * (ch + GAP + 14);
    int height = TITLE + gridH + 2 * (STRIP + GAP) + GAP;
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(new Color(0x20, 0x20, 0x24));
    g.fillRect(0, 0, width, height);
    g.setColor(Color.WHITE);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    g.drawString(
        "seed " + clip.scene().seed() + " · " + clip.scene().template() + " · " + clip.caption(),
        GAP,
        15);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
    for (int j = 0; j < v.frames(); j++) {
      int x = GAP + (j % COLUMNS) * (cw + GAP);
      int y = TITLE + (j / COLUMNS) * (ch + GAP + 14);
      g.drawImage(v.image(j), x, y, cw, ch, null);
      double start = j / log.fps();
      double end = (j + 1) / log.fps();
      boolean contact =
          log.contacts().stream().anyMatch(c -> c.timeS() >= start && c.timeS() < end);
      if (contact) {
        g.setColor(Color.RED);
        g.setStroke(new BasicStroke(2));
        g.drawRect(x - 1, y - 1, cw + 1, ch + 1);
      }
      boolean open = log.frames().get(j).stream().anyMatch(EntityFrame::mouthOpen);
      if (open) {
        g.setColor(new Color(0x30, 0xE0, 0x50));
        g.fillRect(x, y + ch + 2, cw, 3);
      }
      g.setColor(Color.LIGHT_GRAY);
      g.drawString(Integer.toString(j), x, y + ch + 13);
    }
    int top = TITLE + gridH + GAP;
    drawMel(g, clip, GAP, top, width - 2 * GAP, STRIP);
    drawWave(g, clip, GAP, top + STRIP + GAP, width - 2 * GAP, STRIP);
    g.dispose();
    return img;
  }

  private static void drawMel(Graphics2D g, WorldClip clip, int x0, int y0, int w, int h) {
    MelSpectrogram mel = MelSpectrogram.perVideoFrame(clip.events().fps(), 2);
    float[][] m = mel.compute(clip.audio());
    int cols = m[0].length;
    for (int px = 0; px < w; px++) {
      int c = Math.min(cols - 1, px * cols / w);
      for (int py = 0; py < h; py++) {
        int b = Math.min(MelSpectrogram.BINS - 1, (h - 1 - py) * MelSpectrogram.BINS / h);
        g.setColor(heat((m[b][c] + 1) / 2));
        g.fillRect(x0 + px, y0 + py, 1, 1);
      }
    }
    markEvents(g, clip, x0, y0, w, h);
  }

  /** Black → purple → orange → pale yellow. */
  private static Color heat(double v) {
    double t = Math.max(0, Math.min(1, v));
    double r = Math.min(1, 1.6 * t);
    double gr = Math.max(0, Math.min(1, 1.8 * t - 0.7));
    double b = t < 0.4 ? t * 1.2 : Math.max(0, 0.48 - (t - 0.4) * 0.8) + Math.max(0, t - 0.85) * 3;
    return new Color((float) r, (float) gr, (float) Math.min(1, b));
  }

  private static void drawWave(Graphics2D g, WorldClip clip, int x0, int y0, int w, int h) {
    float[] a = clip.audio();
    g.setColor(new Color(0x10, 0x10, 0x14));
    g.fillRect(x0, y0, w, h);
    g.setColor(new Color(0x90, 0xC0, 0xFF));
    for (int px = 0; px < w; px++) {
      int from = (int) ((long) px * a.length / w);
      int to = (int) ((long) (px + 1) * a.length / w);
      float lo = 0;
      float hi = 0;
      for (int i = from; i < to; i++) {
        lo = Math.min(lo, a[i]);
        hi = Math.max(hi, a[i]);
      }
      g.drawLine(
          x0 + px,
          y0 + h / 2 - Math.round(hi * h / 2),
          x0 + px,
          y0 + h / 2 - Math.round(lo * h / 2));
    }
    markEvents(g, clip, x0, y0, w, h);
  }

  private static void markEvents(Graphics2D g, WorldClip clip, int x0, int y0, int w, int h) {
    double d = clip.scene().durationS();
    g.setStroke(new BasicStroke(1));
    g.setColor(new Color(0x30, 0xE0, 0x50));
    for (SpeechInterval s : clip.events().speech()) {
      int a = x0 + (int) Math.round(s.startS() / d * w);
      int b = x0 + (int) Math.round(s.endS() / d * w);
      g.fillRect(a, y0 + h - 4, Math.max(1, b - a), 4);
    }
    g.setColor(Color.RED);
    for (Contact c : clip.events().contacts()) {
      int x = x0 + (int) Math.round(c.timeS() / d * w);
      g.drawLine(x, y0, x, y0 + 8);
      g.drawLine(x, y0 + h - 12, x, y0 + h - 5);
    }
  }
}
