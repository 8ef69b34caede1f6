namespace Gantry.Python.Runtime;

/// <summary>The Python half of the runtime: run once in the _gantry module at start-up.</summary>
internal static class RuntimeHelpersSource
{
    /// <summary>
    /// format_exception: one string, as the traceback module prints it. expand_python_path: uWSGI expands
    /// pythonpath globs with glob(3) (sorted); a pattern matching nothing is kept as written. load_file: a
    /// wsgi-file of any name (app.wsgi too) executed as a module, as uWSGI's uwsgi_file_… modules, with a
    /// real __file__. load_module: import by dotted name. Both remember in failed_files the files a failed load
    /// was reading, for the auto-reloader. set_argv: sys.argv as pyargv makes it.
    /// </summary>
    public const string Code = """
        import sys
        import traceback as _traceback

        def format_exception(kind, value, tb):
            return ''.join(_traceback.format_exception(kind, value, tb))

        def expand_python_path(entries):
            import glob
            paths, unmatched = [], []
            for entry in entries:
                if glob.has_magic(entry):
                    matches = sorted(glob.glob(entry))
                    if matches:
                        paths.extend(matches)
                        continue
                    unmatched.append(entry)
                paths.append(entry)
            return paths, unmatched

        def prepend_sys_path(paths):
            for position, path in enumerate(paths):
                sys.path.insert(position, path)

        # Files a failed application load was reading (each traceback frame's, and a SyntaxError's own): those modules
        # never reached sys.modules, so py-autoreload watches these too, and fixing them reloads.
        failed_files = []

        def remember_failed_files(error):
            if isinstance(error, SyntaxError) and error.filename:
                failed_files.append(error.filename)
            frame = error.__traceback__
            while frame is not None:
                failed_files.append(frame.tb_frame.f_code.co_filename)
                frame = frame.tb_next

        def load_file(path, name):
            import importlib.machinery
            import importlib.util
            loader = importlib.machinery.SourceFileLoader(name, path)
            spec = importlib.util.spec_from_file_location(name, path, loader=loader)
            module = importlib.util.module_from_spec(spec)
            sys.modules[name] = module
            try:
                loader.exec_module(module)
            except BaseException as error:
                sys.modules.pop(name, None)
                remember_failed_files(error)
                raise
            return module

        def set_argv(arguments):
            sys.argv = list(arguments)

        def load_module(name):
            import importlib
            try:
                return importlib.import_module(name)
            except BaseException as error:
                remember_failed_files(error)
                raise
        """;
}
