package dev.zoetrope.generation.evaluation;

import dev.zoetrope.generation.world.VideoFrames;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * One PNG for people: per row of the report a title band, then per clip a strip of its native
 * frames (scaled 2×), a red tick under frames where the tracker saw a floor contact and a green one
 * where the onset detector heard a sound.
 */
public final class EvaluationSheet {
  private static final int SCALE = 2;
  private static final int TITLE = 16;
  private static final int TICKS = 4;
  private static final int GAP = 2;

  private EvaluationSheet() {}

  public static BufferedImage draw(List<Evaluation.Row> rows) {
    VideoFrames first = rows.get(0).clips().get(0).clip().video();
    int fw = first.width() * SCALE;
    int fh = first.height() * SCALE;
    int width = first.frames() * (fw + 1);
    int strip = fh + TICKS + GAP;
    int height = rows.stream().mapToInt(r -> TITLE + r.clips().size() * strip).sum();
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(
        RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    int y = 0;
    for (Evaluation.Row row : rows) {
      g.setColor(Color.WHITE);
      g.drawString(row.name() + (row.note().isEmpty() ? "" : " (" + row.note() + ")"), 4, y + 12);
      y += TITLE;
      for (Evaluation.ClipResult c : row.clips()) {
        VideoFrames v = c.clip().video();
        for (int f = 0; f < v.frames(); f++) {
          g.drawImage(v.image(f), f * (fw + 1), y, fw, fh, null);
        }
        for (int k : c.track().contactFrames()) {
          g.setColor(Color.RED);
          g.fillRect(k * (fw + 1), y + fh, fw / 2, TICKS);
        }
        for (double t : c.onsetsS()) {
          int f = (int) Math.floor(t * v.fps());
          if (f >= 0 && f < v.frames()) {
            g.setColor(Color.GREEN);
            g.fillRect(f * (fw + 1) + fw / 2, y + fh, fw / 2, TICKS);
          }
        }
        y += strip;
      }
    }
    g.dispose();
    return img;
  }
}
