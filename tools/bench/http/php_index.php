<?php
// The JSON endpoint in PHP: the script for both the built-in server (php -S, as its router)
// and PHP-FPM behind nginx.
if (($_SERVER['REQUEST_URI'] ?? '') !== '/json') {
    http_response_code(404);
    return;
}
header('Content-Type: application/json');
echo json_encode(['message' => 'Hello, World!']);
