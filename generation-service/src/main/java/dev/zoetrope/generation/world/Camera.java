package dev.zoetrope.generation.world;

/**
 * Maps world metres (x right from the left wall, y up from the floor) to pixels (x right, y down).
 */
record Camera(double pxPerM, double originX, double yTop) {

  static Camera of(Scene scene, int width, int height) {
    if (scene.framing() == Framing.CLOSE_UP) {
      Actor subject = scene.actors().get(0);
      double bodyHeight = 2 * subject.entity().halfHeightM();
      double scale = height * 0.6 / bodyHeight;
      return new Camera(scale, subject.x() - width / 2.0 / scale, 0.85 * height / scale);
    }
    double scale = width / Simulation.WORLD_WIDTH_M;
    return new Camera(scale, 0, 0.75 * height / scale);
  }

  double px(double wx) {
    return (wx - originX) * pxPerM;
  }

  double py(double wy) {
    return (yTop - wy) * pxPerM;
  }

  double wx(double px) {
    return originX + px / pxPerM;
  }

  double wy(double py) {
    return yTop - py / pxPerM;
  }
}
