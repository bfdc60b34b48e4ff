// binary-trees: the Benchmarks Game's allocation test, single-threaded.
// Usage: java BinaryTrees <max depth> <expected total>. Builds the stretch tree, the
// long-lived tree and the many short-lived trees of the Benchmarks Game's program, prints the
// sum of every check() it made, and exits 1 if that is not the expected value.
public final class BinaryTrees {
    static final int MIN_DEPTH = 4;

    static final class Node {
        final Node left, right;

        Node(Node left, Node right) {
            this.left = left;
            this.right = right;
        }

        long check() {
            if (left == null) {
                return 1;
            }
            return 1 + left.check() + right.check();
        }
    }

    static Node bottomUpTree(int depth) {
        if (depth > 0) {
            return new Node(bottomUpTree(depth - 1), bottomUpTree(depth - 1));
        }
        return new Node(null, null);
    }

    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        String want = args[1];
        int maxDepth = Math.max(MIN_DEPTH + 2, n);
        long total = bottomUpTree(maxDepth + 1).check();
        Node longLived = bottomUpTree(maxDepth);
        for (int depth = MIN_DEPTH; depth <= maxDepth; depth += 2) {
            int iterations = 1 << (maxDepth - depth + MIN_DEPTH);
            for (int i = 0; i < iterations; i++) {
                total += bottomUpTree(depth).check();
            }
        }
        total += longLived.check();
        String got = Long.toString(total);
        System.out.println(got);
        if (!got.equals(want)) {
            System.err.println("binarytrees: wrong answer: got " + got + ", want " + want);
            System.exit(1);
        }
    }
}
