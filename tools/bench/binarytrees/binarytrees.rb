# binary-trees: the Benchmarks Game's allocation test, single-threaded.
# Usage: ruby binarytrees.rb <max depth> <expected total>. Builds the stretch tree, the
# long-lived tree and the many short-lived trees of the Benchmarks Game's program, prints the
# sum of every check() it made, and exits 1 if that is not the expected value.

MIN_DEPTH = 4

class Node
  def initialize(left, right)
    @left = left
    @right = right
  end

  def check
    return 1 if @left.nil?

    1 + @left.check + @right.check
  end
end

def bottom_up_tree(depth)
  return Node.new(nil, nil) if depth.zero?

  Node.new(bottom_up_tree(depth - 1), bottom_up_tree(depth - 1))
end

n = Integer(ARGV[0])
want = ARGV[1]
max_depth = [MIN_DEPTH + 2, n].max
total = bottom_up_tree(max_depth + 1).check
long_lived = bottom_up_tree(max_depth)
MIN_DEPTH.step(max_depth, 2) do |depth|
  iterations = 1 << (max_depth - depth + MIN_DEPTH)
  iterations.times { total += bottom_up_tree(depth).check }
end
total += long_lived.check
got = total.to_s
puts got
if got != want
  warn "binarytrees: wrong answer: got #{got}, want #{want}"
  exit 1
end
