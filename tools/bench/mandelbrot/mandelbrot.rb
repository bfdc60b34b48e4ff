# mandelbrot: count the points of an n×n grid that stay in the Mandelbrot set (the Benchmarks
# Game's iteration: at most 50 steps, escape at |z|² > 4), with the rows dealt out to workers
# (row y to worker y mod workers).
# Usage: ruby mandelbrot.rb <threads|ractors|processes> <n> <workers> <expected count>.
# Prints the count, then "kernel-ns <ns>" (from starting the workers to having every result),
# and exits 1 if the count is not the expected one.
#
# - threads: Thread.new; the GVL lets one thread run Ruby code at a time.
# - ractors: Ractor.new (experimental in Ruby 3.1, which says so on stderr).
# - processes: fork, with each child's count sent back through a pipe.

MAX_ITER = 50

def rows(n, w, workers)
  count = 0
  y = w
  while y < n
    ci = 2.0 * y / n - 1.0
    x = 0
    while x < n
      cr = 2.0 * x / n - 1.5
      zr = zi = tr = ti = 0.0
      i = 0
      while i < MAX_ITER && tr + ti <= 4.0
        zi = 2.0 * zr * zi + ci
        zr = tr - ti + cr
        tr = zr * zr
        ti = zi * zi
        i += 1
      end
      count += 1 if tr + ti <= 4.0
      x += 1
    end
    y += workers
  end
  count
end

mode, n, workers, want = ARGV
unless ARGV.size == 4 && %w[threads ractors processes].include?(mode)
  warn 'usage: ruby mandelbrot.rb <threads|ractors|processes> <n> <workers> <expected count>'
  exit 2
end
n = Integer(n)
workers = Integer(workers)
start = Process.clock_gettime(Process::CLOCK_MONOTONIC, :nanosecond)
total =
  case mode
  when 'threads'
    (0...workers).map { |w| Thread.new { rows(n, w, workers) } }.sum(&:value)
  when 'ractors'
    (0...workers).map { |w| Ractor.new(n, w, workers) { |a, b, c| rows(a, b, c) } }.sum(&:take)
  when 'processes'
    pids = (0...workers).map do |w|
      reader, writer = IO.pipe
      pid = fork do
        reader.close
        writer.write(rows(n, w, workers).to_s)
        writer.close
      end
      writer.close
      [pid, reader]
    end
    pids.sum do |pid, reader|
      count = Integer(reader.read)
      reader.close
      Process.wait(pid)
      abort "mandelbrot: worker #{pid} failed" unless $?.success?
      count
    end
  end
elapsed = Process.clock_gettime(Process::CLOCK_MONOTONIC, :nanosecond) - start
got = total.to_s
puts got
puts "kernel-ns #{elapsed}"
if got != want
  warn "mandelbrot: wrong answer: got #{got}, want #{want}"
  exit 1
end
