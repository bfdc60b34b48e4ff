# The JSON endpoint as a Rack app, served by Puma (see the harness for the command).
require 'json'

run(lambda do |env|
  if env['PATH_INFO'] == '/json'
    [200, { 'Content-Type' => 'application/json' }, [JSON.generate({ message: 'Hello, World!' })]]
  else
    [404, {}, []]
  end
end)
