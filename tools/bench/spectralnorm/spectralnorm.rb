# spectral-norm: the Benchmarks Game's power method on an infinite matrix, single-threaded.
# Usage: ruby spectralnorm.rb <n> <expected norm>. Prints the norm (%.9f) and exits 1 if it
# is not the expected value.

def a(i, j)
  1.0 / ((i + j) * (i + j + 1) / 2 + i + 1)
end

def mul_av(n, v)
  Array.new(n) do |i|
    s = 0.0
    n.times { |j| s += a(i, j) * v[j] }
    s
  end
end

def mul_atv(n, v)
  Array.new(n) do |i|
    s = 0.0
    n.times { |j| s += a(j, i) * v[j] }
    s
  end
end

def mul_atav(n, v)
  mul_atv(n, mul_av(n, v))
end

n = Integer(ARGV[0])
want = ARGV[1]
u = Array.new(n, 1.0)
v = nil
10.times do
  v = mul_atav(n, u)
  u = mul_atav(n, v)
end
vbv = 0.0
vv = 0.0
n.times do |i|
  vbv += u[i] * v[i]
  vv += v[i] * v[i]
end
got = format('%.9f', Math.sqrt(vbv / vv))
puts got
if got != want
  warn "spectralnorm: wrong answer: got #{got}, want #{want}"
  exit 1
end
