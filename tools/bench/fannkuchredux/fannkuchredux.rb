# fannkuch-redux: the Benchmarks Game's pancake-flipping count over all permutations,
# single-threaded.
# Usage: ruby fannkuchredux.rb <n> <expected "checksum maxflips">. Prints the checksum and the
# maximum number of flips, and exits 1 if they are not the expected values.

def fannkuch(n)
  perm1 = (0...n).to_a
  count = Array.new(n, 0)
  max_flips = checksum = permutation = 0
  r = n
  loop do
    while r != 1
      count[r - 1] = r
      r -= 1
    end
    perm = perm1.dup
    flips = 0
    while (k = perm[0]) != 0
      perm[0..k] = perm[0..k].reverse!
      flips += 1
    end
    max_flips = flips if flips > max_flips
    checksum += permutation.even? ? flips : -flips
    # Next permutation, in the Benchmarks Game's order.
    loop do
      return [checksum, max_flips] if r == n

      perm0 = perm1[0]
      i = 0
      while i < r
        perm1[i] = perm1[i + 1]
        i += 1
      end
      perm1[r] = perm0
      count[r] -= 1
      break if count[r].positive?

      r += 1
    end
    permutation += 1
  end
end

n = Integer(ARGV[0])
want = ARGV[1]
checksum, max_flips = fannkuch(n)
got = "#{checksum} #{max_flips}"
puts got
if got != want
  warn "fannkuchredux: wrong answer: got #{got}, want #{want}"
  exit 1
end
