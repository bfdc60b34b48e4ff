// mandelbrot: count the points of an n×n grid that stay in the Mandelbrot set (the Benchmarks
// Game's iteration: at most 50 steps, escape at |z|² > 4), with the rows dealt out to a fixed
// pool of worker threads (row y to worker y mod workers).
// Usage: java Mandelbrot threads <n> <workers> <expected count>. Prints the count, then
// "kernel-ns <ns>" (from starting the workers to having every result), and exits 1 if the
// count is not the expected one.
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

public final class Mandelbrot {
    static final int MAX_ITER = 50;

    static int rows(int n, int w, int workers) {
        int count = 0;
        for (int y = w; y < n; y += workers) {
            double ci = 2.0 * y / n - 1.0;
            for (int x = 0; x < n; x++) {
                double cr = 2.0 * x / n - 1.5;
                double zr = 0, zi = 0, tr = 0, ti = 0;
                int i = 0;
                while (i < MAX_ITER && tr + ti <= 4.0) {
                    zi = 2.0 * zr * zi + ci;
                    zr = tr - ti + cr;
                    tr = zr * zr;
                    ti = zi * zi;
                    i++;
                }
                if (tr + ti <= 4.0) {
                    count++;
                }
            }
        }
        return count;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4 || !args[0].equals("threads")) {
            System.err.println("usage: java Mandelbrot threads <n> <workers> <expected count>");
            System.exit(2);
        }
        int n = Integer.parseInt(args[1]);
        int workers = Integer.parseInt(args[2]);
        String want = args[3];
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        List<Future<Integer>> futures = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            final int id = w;
            futures.add(pool.submit(() -> rows(n, id, workers)));
        }
        long total = 0;
        for (Future<Integer> f : futures) {
            total += f.get();
        }
        pool.shutdown();
        long elapsed = System.nanoTime() - start;
        String got = Long.toString(total);
        System.out.println(got);
        System.out.println("kernel-ns " + elapsed);
        if (!got.equals(want)) {
            System.err.println("mandelbrot: wrong answer: got " + got + ", want " + want);
            System.exit(1);
        }
    }
}
