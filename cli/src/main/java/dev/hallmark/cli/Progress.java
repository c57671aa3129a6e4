package dev.hallmark.cli;

import java.io.PrintStream;
import java.util.Locale;
import dev.hallmark.generator.pipeline.ProgressSink;

/** Progress on stderr: {@code label  120/300 frames  40%  ETA 3s}, redrawn at most 5 times a second. */
public final class Progress implements ProgressSink, java.util.function.LongConsumer, AutoCloseable {
    private final PrintStream err;
    private final String what;
    private long total;
    private final long start = System.nanoTime();
    private long lastDraw;
    private long done;
    private boolean drawn;
    private final boolean live = System.console() != null;

    Progress(PrintStream err, String what, long total) {
        this.err = err;
        this.what = what;
        this.total = total;
    }

    /** Called with the number of units done so far (the total given at creation). */
    @Override
    public void accept(long done) {
        update(done, -1);
    }

    /** Called with the number of units done so far and the expected total (-1 unknown). */
    @Override
    public void update(long done, long total) {
        this.done = done;
        if (total > 0) {
            this.total = total;
        }
        long now = System.nanoTime();
        if (now - lastDraw < 200_000_000L) {
            return;
        }
        lastDraw = now;
        draw(now);
    }

    private void draw(long now) {
        if (!live) {
            return;
        }
        double secs = (now - start) / 1e9;
        StringBuilder line = new StringBuilder("\r").append(what).append("  ").append(done);
        if (total > 0) {
            line.append('/').append(total);
            int pct = (int) Math.min(100, done * 100 / total);
            line.append(String.format(Locale.ROOT, "  %3d%%", pct));
            if (done > 0 && done < total) {
                double eta = secs * (total - done) / done;
                line.append(String.format(Locale.ROOT, "  ETA %.0fs", eta));
            }
        }
        line.append(String.format(Locale.ROOT, "  %.1fs   ", secs));
        err.print(line);
        err.flush();
        drawn = true;
    }

    @Override
    public void close() {
        if (drawn) {
            draw(System.nanoTime());
            err.println();
        } else if (!live && done > 0) {
            err.printf(Locale.ROOT, "%s  %d done in %.1fs%n", what, done, (System.nanoTime() - start) / 1e9);
        }
    }
}
