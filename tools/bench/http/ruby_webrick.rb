# The JSON endpoint on WEBrick, Ruby's long-time standard server (a gem since Ruby 3.0;
# Debian's ruby-webrick), with no access log and TCP_NODELAY.
# Usage: ruby ruby_webrick.rb <port>
require 'json'
require 'socket'
require 'webrick'

server = WEBrick::HTTPServer.new(
  BindAddress: '127.0.0.1',
  Port: Integer(ARGV[0]),
  AccessLog: [],
  # WEBrick writes the headers and the body separately; without TCP_NODELAY each response
  # then waits for the client's delayed ACK (about 40 ms).
  AcceptCallback: ->(sock) { sock.setsockopt(Socket::IPPROTO_TCP, Socket::TCP_NODELAY, 1) },
  Logger: WEBrick::Log.new($stderr, WEBrick::Log::WARN)
)
server.mount_proc '/json' do |_req, res|
  res['Content-Type'] = 'application/json'
  res.body = JSON.generate({ message: 'Hello, World!' })
end
trap('TERM') { server.shutdown }
server.start
