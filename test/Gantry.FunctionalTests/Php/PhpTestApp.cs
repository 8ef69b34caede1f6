namespace Gantry.PhpTestSupport;

/// <summary>
/// A small real PHP application written into a document root readable by everyone (nginx and php-fpm workers may run
/// as www-data): a front controller (index.php) routing by path (a form POST, a file upload, a session counter,
/// status and repeated headers with a cookie, a redirect, the params as JSON, a sleep, a streamed body, an error_log
/// line), plus static files, a directory with an index.html, an uploads folder holding a .php and an image, and a
/// phpinfo-style script under a subfolder. Shared by the functional and the interop tests (linked into both).
/// </summary>
public static class PhpTestApp
{
    public const string FrontControllerTryFiles = "$uri $uri/ /index.php?$query_string";

    private const string FrontController = """
        <?php
        session_start();
        $path = parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH);
        if ($path === '/' || $path === '/index.php') {
            echo "home";
        } elseif (preg_match('#^/hello/(\w+)$#', $path, $m)) {
            header('X-Route: hello');
            echo "hello ", $m[1], " q=", $_SERVER['QUERY_STRING'];
        } elseif ($path === '/form' && $_SERVER['REQUEST_METHOD'] === 'POST') {
            echo "name=", $_POST['name'] ?? '', " fields=", count($_POST);
        } elseif ($path === '/upload') {
            $f = $_FILES['file'];
            echo $f['name'], " ", $f['size'], " ", hash_file('sha256', $f['tmp_name']);
        } elseif ($path === '/count') {
            $_SESSION['n'] = ($_SESSION['n'] ?? 0) + 1;
            echo "n=", $_SESSION['n'];
        } elseif ($path === '/created') {
            http_response_code(201);
            header('X-Custom: a');
            header('X-Custom: b', false);
            setcookie('flavour', 'plain');
            echo "created";
        } elseif ($path === '/go') {
            header('Location: /hello/redirected');
        } elseif ($path === '/env') {
            header('Content-Type: application/json');
            echo json_encode($_SERVER);
        } elseif ($path === '/sleep') {
            if (isset($_GET['mark'])) { file_put_contents(session_save_path() . '/' . basename($_GET['mark']), 'running'); }
            sleep((int)($_GET['s'] ?? 1));
            echo "slept";
        } elseif ($path === '/stream') {
            for ($i = 0; $i < 3; $i++) { echo "part$i\n"; flush(); }
        } elseif ($path === '/error') {
            error_log("app error line");
            echo "logged";
        } elseif ($path === '/big') {
            echo str_repeat("0123456789abcdef", (int)($_GET['k'] ?? 64) * 64);
        } else {
            http_response_code(404);
            echo "no route";
        }
        """;

    /// <summary>Writes the application under <paramref name="root"/> (created) and returns <paramref name="root"/>.</summary>
    public static string Write(string root)
    {
        Write(root, "index.php", FrontController);
        Write(root, "hello.php", "<?php echo 'hello php ', $_SERVER['SCRIPT_NAME'], ' pi=', $_SERVER['PATH_INFO'] ?? '', \"\\n\";");
        Write(root, "info/env.php", "<?php header('Content-Type: application/json'); echo json_encode($_SERVER);");
        Write(root, "style.css", "body { color: black; }\n");
        Write(root, "robots.txt", "User-agent: *\n");
        Write(root, "docs/index.html", "<h1>docs</h1>\n");
        Write(root, "docs/guide.html", "<h1>guide</h1>\n");
        Write(root, "both/index.html", "html index\n");
        Write(root, "both/index.php", "<?php echo 'php index';");
        Write(root, "onlyphp/index.php", "<?php echo 'only php index';");
        Directory.CreateDirectory(Path.Combine(root, "empty"));
        Write(root, "uploads/avatar.jpg", "not really a jpeg\n");
        Write(root, "uploads/shell.php", "<?php echo 'executed upload';");
        Write(root, "dir.php/inner.txt", "a directory named like a script\n");
        foreach (var directory in Directory.EnumerateDirectories(root, "*", SearchOption.AllDirectories).Append(root))
        {
            File.SetUnixFileMode(directory, (UnixFileMode)0x1ED);
        }
        return root;
    }

    private static void Write(string root, string relative, string text)
    {
        var path = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        File.SetUnixFileMode(path, (UnixFileMode)0x1A4);
    }
}
