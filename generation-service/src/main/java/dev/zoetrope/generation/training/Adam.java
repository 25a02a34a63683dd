package dev.zoetrope.generation.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import java.util.LinkedHashMap;
import java.util.Map;

/** Adam with global-norm clipping and an optional EMA, in place, shared by both trainers. */
final class Adam {
  private Adam() {}

  /**
   * Applies the gradients the last backward pass left on {@code params} and zeroes them. The
   * long-lived arrays are attached to {@code sm} only for their in-place updates.
   *
   * @param steps Adam steps taken since the moments were zero (bias correction, warm-up)
   * @param step the run's step (the learning-rate decay)
   * @param ema the parameters' running average, or null
   * @return the gradients' global norm before clipping; when it is not finite the step is skipped
   *     (parameters, moments and EMA untouched, gradients zeroed)
   */
  static float update(
      NDManager sm,
      Map<String, NDArray> params,
      Map<String, NDArray> adamM,
      Map<String, NDArray> adamV,
      Map<String, NDArray> ema,
      Hyper hyper,
      long steps,
      long step,
      double emaDecay) {
    Map<String, NDArray> grads = new LinkedHashMap<>();
    NDArray sumSq = null;
    for (Map.Entry<String, NDArray> e : params.entrySet()) {
      NDArray g = e.getValue().getGradient();
      g.attach(sm); // the wrapper dies with the step; the gradient stays on the parameter
      grads.put(e.getKey(), g);
      NDArray s = g.square().sum();
      sumSq = sumSq == null ? s : sumSq.add(s);
    }
    float norm = (float) Math.sqrt(sumSq.getFloat());
    if (!Float.isFinite(norm)) {
      // A non-finite gradient, seen here only rarely and at no repeatable step, would make every
      // parameter it touches NaN for good; zeroing by multiplication keeps a NaN (NaN·0), so the
      // gradients are filled with zeros in place. (Not set(Buffer): that points the tensor at a
      // Java buffer owned by this short-lived wrapper, freed under the parameter's gradient.)
      for (NDArray g : grads.values()) {
        g.set(new NDIndex("..."), 0f);
      }
      return norm;
    }
    double scale = norm > hyper.clipNorm() ? hyper.clipNorm() / (norm + 1e-6) : 1.0;

    long s1 = steps + 1;
    double lr = hyper.learningRateAt(steps, step);
    double bc1 = 1 - Math.pow(hyper.beta1(), s1);
    double bc2 = 1 - Math.pow(hyper.beta2(), s1);
    for (Map.Entry<String, NDArray> e : grads.entrySet()) {
      String name = e.getKey();
      NDArray g = e.getValue();
      NDArray p = params.get(name);
      NDArray m = adamM.get(name);
      NDArray v = adamV.get(name);
      p.tempAttach(sm);
      m.tempAttach(sm);
      v.tempAttach(sm);
      NDArray gs = g.mul(scale);
      m.muli(hyper.beta1()).addi(gs.mul(1 - hyper.beta1()));
      v.muli(hyper.beta2()).addi(gs.square().muli(1 - hyper.beta2()));
      NDArray update = m.div(bc1).divi(v.div(bc2).sqrt().addi(hyper.epsilon())).muli(lr);
      p.subi(update);
      if (ema != null) {
        NDArray avg = ema.get(name);
        avg.tempAttach(sm);
        avg.muli(emaDecay).addi(p.mul(1 - emaDecay));
      }
      g.muli(0);
    }
    return norm;
  }
}
