<?php
// A front controller: /hello/NAME, a form, a session counter; everything else 404.
session_start();
$path = parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH);
if ($path === '/' || $path === '/index.php') {
    echo "<form method=post action=/hello><input name=name><button>hello</button></form>";
} elseif ($path === '/hello' && $_SERVER['REQUEST_METHOD'] === 'POST') {
    header('Location: /hello/' . rawurlencode($_POST['name'] ?? 'world'));
} elseif (preg_match('#^/hello/([^/]+)$#', $path, $m)) {
    $_SESSION['visits'] = ($_SESSION['visits'] ?? 0) + 1;
    echo "hello ", htmlspecialchars(rawurldecode($m[1])), " (visit ", $_SESSION['visits'], ")\n";
} else {
    http_response_code(404);
    echo "no route\n";
}
