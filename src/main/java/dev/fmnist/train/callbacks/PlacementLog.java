package dev.fmnist.train.callbacks;

import dev.fmnist.train.TrainingListener;
import dev.fmnist.train.device.Placement;
import java.io.PrintStream;

/** Asks for the first training step to be traced and prints where its ops ran, once. */
public final class PlacementLog implements TrainingListener {
    private final PrintStream out;

    public PlacementLog(PrintStream out) {
        this.out = out;
    }

    @Override
    public boolean wantsPlacement() {
        return true;
    }

    @Override
    public void onPlacement(Placement placement) {
        out.println(placement.line());
    }
}
