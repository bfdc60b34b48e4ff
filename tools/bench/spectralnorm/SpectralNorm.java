// spectral-norm: the Benchmarks Game's power method on an infinite matrix, single-threaded.
// Usage: java SpectralNorm <n> <expected norm>. Prints the norm (%.9f) and exits 1 if it is
// not the expected value.
import java.util.Locale;

public final class SpectralNorm {
    static double a(int i, int j) {
        return 1.0 / ((i + j) * (i + j + 1) / 2 + i + 1);
    }

    static void mulAv(double[] v, double[] av) {
        for (int i = 0; i < av.length; i++) {
            double s = 0;
            for (int j = 0; j < v.length; j++) {
                s += a(i, j) * v[j];
            }
            av[i] = s;
        }
    }

    static void mulAtv(double[] v, double[] atv) {
        for (int i = 0; i < atv.length; i++) {
            double s = 0;
            for (int j = 0; j < v.length; j++) {
                s += a(j, i) * v[j];
            }
            atv[i] = s;
        }
    }

    static void mulAtAv(double[] v, double[] atav, double[] tmp) {
        mulAv(v, tmp);
        mulAtv(tmp, atav);
    }

    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        String want = args[1];
        double[] u = new double[n];
        java.util.Arrays.fill(u, 1.0);
        double[] v = new double[n];
        double[] tmp = new double[n];
        for (int i = 0; i < 10; i++) {
            mulAtAv(u, v, tmp);
            mulAtAv(v, u, tmp);
        }
        double vBv = 0, vv = 0;
        for (int i = 0; i < n; i++) {
            vBv += u[i] * v[i];
            vv += v[i] * v[i];
        }
        String got = String.format(Locale.ROOT, "%.9f", Math.sqrt(vBv / vv));
        System.out.println(got);
        if (!got.equals(want)) {
            System.err.println("spectralnorm: wrong answer: got " + got + ", want " + want);
            System.exit(1);
        }
    }
}
