// fannkuch-redux: the Benchmarks Game's pancake-flipping count over all permutations,
// single-threaded.
// Usage: java FannkuchRedux <n> <expected "checksum maxflips">. Prints the checksum and the
// maximum number of flips, and exits 1 if they are not the expected values.
public final class FannkuchRedux {
    static int[] fannkuch(int n) {
        int[] perm1 = new int[n];
        for (int i = 0; i < n; i++) {
            perm1[i] = i;
        }
        int[] perm = new int[n];
        int[] count = new int[n];
        int maxFlips = 0, checksum = 0, permutation = 0;
        int r = n;
        while (true) {
            for (; r != 1; r--) {
                count[r - 1] = r;
            }
            System.arraycopy(perm1, 0, perm, 0, n);
            int flips = 0;
            for (int k = perm[0]; k != 0; k = perm[0]) {
                for (int i = 0, j = k; i < j; i++, j--) {
                    int t = perm[i];
                    perm[i] = perm[j];
                    perm[j] = t;
                }
                flips++;
            }
            maxFlips = Math.max(maxFlips, flips);
            checksum += permutation % 2 == 0 ? flips : -flips;
            // Next permutation, in the Benchmarks Game's order.
            while (true) {
                if (r == n) {
                    return new int[] {checksum, maxFlips};
                }
                int perm0 = perm1[0];
                System.arraycopy(perm1, 1, perm1, 0, r);
                perm1[r] = perm0;
                count[r]--;
                if (count[r] > 0) {
                    break;
                }
                r++;
            }
            permutation++;
        }
    }

    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        String want = args[1];
        int[] res = fannkuch(n);
        String got = res[0] + " " + res[1];
        System.out.println(got);
        if (!got.equals(want)) {
            System.err.println("fannkuchredux: wrong answer: got " + got + ", want " + want);
            System.exit(1);
        }
    }
}
