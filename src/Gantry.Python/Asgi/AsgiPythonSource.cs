namespace Gantry.Python.Asgi;

/// <summary>The Python half of the ASGI host, run once in the _gantry module at start-up (after the runtime helpers).</summary>
internal static class AsgiPythonSource
{
    /// <summary>
    /// <para><c>AsgiEventLoop</c>: the loop thread's asyncio loop. It never runs itself: the host's epoll loop watches its
    /// selector's descriptor, arms a timer for its next scheduled handle and calls <c>gantry_pump</c>, one
    /// <c>_run_once</c> that cannot block (a no-op handle in <c>_ready</c> makes its select timeout 0). <c>call_soon</c> and
    /// <c>call_at</c> tell the host (<c>_asgi_wake</c>) that a pump is due, once until it ran. <c>gantry_attach</c> does what
    /// <c>run_forever</c> does before its first iteration (running loop, thread id, async generator hooks), once for the
    /// thread's life, so <c>get_running_loop()</c> works in applications between our pumps.</para>
    /// <para>The host steps a request's coroutine eagerly itself (AsgiRequest.Start: PyIter_Send in a copy of the thread's
    /// context made for the request), so a coroutine that only awaits our already-completed <c>receive</c>/<c>send</c>
    /// (C functions returning <c>_gantry.Ready</c>) finishes without a line of this file. Only when it yields (it awaits
    /// something else) does a Task take it over, from where it stopped (<c>hand_over</c>, <c>_continue</c>/<c>_resume</c>,
    /// the resume wrapper; 3.12's <c>eager_task_factory</c> has the same semantics). <c>asyncio.current_task</c> is replaced
    /// (before the app is imported) by one that, asked during an eager step, makes the request's Task then and enters it,
    /// so anyio's cancel scopes (Starlette, FastAPI), TaskGroup and asyncio.timeout see the same Task before and after the
    /// first real await; that Task's first step (captured from its <c>call_soon</c>) runs once the eager step ended.</para>
    /// <para><c>Cycle</c> is one request's waits, made only when one is needed: a <c>receive</c> or <c>send</c> that must
    /// wait for body bytes, for the client to take a flushed block, or (a send made outside the host's step, from a pumped
    /// task) for the connection to resume the response; the Task; the hand-over.</para>
    /// </summary>
    public const string Code = """
        import asyncio as _asyncio
        import sys as _sys
        import types as _types
        import threading as _threading
        from asyncio import events as _events

        class ClientDisconnected(OSError):
            "send() on a request whose client went away (ASGI: a server-specific subclass of OSError)."


        def _noop():
            pass


        # What receive() copies for each http.request (a copy of a dict that has its keys is one allocation and no hashing).
        _REQUEST_TEMPLATE = {'type': 'http.request', 'body': b'', 'more_body': False}


        class AsgiEventLoop(_asyncio.SelectorEventLoop):
            def __init__(self, wake):
                super().__init__()
                self._gantry_wake = wake
                self._gantry_woken = False
                self._gantry_first_step = None
                self._gantry_noop = _asyncio.Handle(_noop, (), self)
                self._gantry_hooks = None
                self._gantry_ran = ()

            def call_soon(self, callback, *args, context=None):
                first = self._gantry_first_step
                if first is not None:
                    self._gantry_first_step = None
                    first.append((callback, context))
                    return None
                handle = super().call_soon(callback, *args, context=context)
                if not self._gantry_woken:
                    self._gantry_woken = True
                    self._gantry_wake()
                return handle

            def call_at(self, when, callback, *args, context=None):
                handle = super().call_at(when, callback, *args, context=context)
                if not self._gantry_woken:
                    self._gantry_woken = True
                    self._gantry_wake()
                return handle

            def gantry_attach(self):
                self._thread_id = _threading.get_ident()
                self._gantry_hooks = _sys.get_asyncgen_hooks()
                _sys.set_asyncgen_hooks(firstiter=self._asyncgen_firstiter_hook, finalizer=self._asyncgen_finalizer_hook)
                _events._set_running_loop(self)

            def gantry_detach(self):
                if self._gantry_hooks is None:
                    return
                _events._set_running_loop(None)
                self._thread_id = None
                _sys.set_asyncgen_hooks(*self._gantry_hooks)
                self._gantry_hooks = None

            def gantry_pump(self):
                "One iteration that never blocks; seconds until the next timer, 0 for more ready work, -1 for none."
                self._gantry_woken = False
                self._ready.append(self._gantry_noop)
                # What this iteration runs (a task's step or wake-up always comes through call_soon), for gantry_describe.
                self._gantry_ran = tuple(self._ready)
                self._run_once()
                if self._ready:
                    return 0.0
                if self._scheduled:
                    return max(0.0, self._scheduled[0]._when - self.time())
                return -1.0

            def gantry_describe(self):
                "The coroutines of the tasks the last pump stepped (qualnames), for the slow-step warning."
                names = []
                for handle in self._gantry_ran:
                    task = getattr(handle._callback, '__self__', None)
                    if isinstance(task, _asyncio.Task):
                        name = 'task ' + getattr(task.get_coro(), '__qualname__', '?')
                        if name not in names:
                            names.append(name)
                return ', '.join(names) or 'asyncio callbacks'

            def gantry_close(self, timeout):
                "Cancels what is left (requests abandoned by their clients), lets it end, closes the loop."
                self.gantry_detach()
                tasks = [task for task in _asyncio.all_tasks(self) if not task.done()]
                for task in tasks:
                    task.cancel()
                if tasks:
                    try:
                        self.run_until_complete(_asyncio.wait(tasks, timeout=timeout))
                    except BaseException:
                        pass
                try:
                    self.run_until_complete(self.shutdown_asyncgens())
                except BaseException:
                    pass
                self.close()


        def new_event_loop(wake):
            loop = AsgiEventLoop(wake)
            _asyncio.set_event_loop(loop)
            return loop


        _c_current_task = _asyncio.tasks.current_task
        _get_running_loop = _events._get_running_loop
        _enter_task = _asyncio.tasks._enter_task
        _leave_task = _asyncio.tasks._leave_task


        def current_task(loop=None):
            "asyncio.current_task, which also sees a request stepped eagerly: its Task is made on this first need."
            if loop is None:
                loop = _get_running_loop()
                if loop is None:
                    raise RuntimeError('no running event loop')
            task = _c_current_task(loop)
            if task is None:
                cycle = _asgi_eager(loop)
                if cycle is not None:
                    task = cycle.materialize()
            return task


        # Installed before the app is imported, so `from asyncio import current_task` (anyio, sniffio) binds it too.
        _asyncio.current_task = _asyncio.tasks.current_task = current_task


        @_types.coroutine
        def _resume(coro, yielded):
            "Drives a coroutine that already started and is suspended on `yielded`, forwarding what its Task sends."
            while True:
                try:
                    value = yield yielded
                except GeneratorExit:
                    coro.close()
                    raise
                except BaseException as error:
                    try:
                        yielded = coro.throw(error)
                    except StopIteration as stop:
                        return stop.value
                else:
                    try:
                        yielded = coro.send(value)
                    except StopIteration as stop:
                        return stop.value


        async def _continue(cycle):
            "The Task body of a request handed over after its eager step (or whose Task an eager step asked for)."
            if cycle.finished:
                return None
            return await _resume(cycle.coro, cycle.yielded)


        def _task_body(cycle):
            "The Task's coroutine, named after the app's (its __qualname__), so the slow-step warning can name it."
            body = _continue(cycle)
            name = getattr(cycle.coro, '__qualname__', None)
            if isinstance(name, str):
                body.__qualname__ = name
            return body


        async def _wait(waiter):
            "What receive()/send() return when they must wait: a coroutine, as a server's async def would give."
            return await waiter


        def _disconnect():
            return {'type': 'http.disconnect'}


        class Cycle:
            # One request's waits, made by the host only when it needs one: a receive or send that must wait, the
            # request's Task (asked for by current_task during the eager step), or the hand-over of a coroutine that
            # yielded. The host holds it while the app's task may still run.
            __slots__ = ('handle', 'loop', 'task', 'receiving', 'waiter', 'outbox', 'coro', 'context', 'yielded', 'first',
                         'finished')

            def __init__(self, handle, loop, coro, context):
                self.handle = handle
                self.loop = loop
                self.task = None
                self.receiving = None
                self.waiter = None
                self.outbox = None
                self.coro = coro
                self.context = context
                self.yielded = None
                self.first = None
                self.finished = False

            def materialize(self):
                "The request's Task, made during its eager step (asyncio.current_task() asked): entered now, run later."
                loop = self.loop
                first = loop._gantry_first_step = []
                try:
                    task = self.task = _asyncio.Task(_task_body(self), loop=loop)
                finally:
                    loop._gantry_first_step = None
                self.first = first[0]
                _enter_task(loop, task)
                return task

            def wait_receive(self):
                waiter = self.receiving = self.loop.create_future()
                return _wait(waiter)

            def wait_drain(self):
                waiter = self.waiter = self.loop.create_future()
                return _wait(waiter)

            def queue(self, message):
                waiter = self.loop.create_future()
                if self.outbox is None:
                    self.outbox = []
                self.outbox.append((message, waiter))
                return _wait(waiter)

            def deliver(self, message):
                waiter = self.receiving
                if waiter is not None:
                    self.receiving = None
                    if not waiter.done():
                        waiter.set_result(message)

            def drained(self):
                waiter = self.waiter
                if waiter is not None:
                    self.waiter = None
                    if not waiter.done():
                        waiter.set_result(None)

            def flush(self):
                outbox = self.outbox
                while outbox:
                    message, waiter = outbox.pop(0)
                    try:
                        code = _asgi_send(self.handle, message)
                    except BaseException as error:
                        if not waiter.done():
                            waiter.set_exception(error)
                        continue
                    if code == 0:
                        if not waiter.done():
                            waiter.set_result(None)
                    else:
                        self.waiter = waiter
                        return

            def disconnect(self, message=None):
                self.deliver(message if message is not None else _disconnect())
                error = ClientDisconnected('the client disconnected')
                waiters = [waiter for _, waiter in self.outbox or ()]
                if self.waiter is not None:
                    waiters.append(self.waiter)
                self.waiter = None
                self.outbox = None
                for waiter in waiters:
                    if not waiter.done():
                        waiter.set_exception(error)

            def done(self, task):
                _asgi_done(self.handle)


        def eager_finished(cycle):
            "The eager step ended (returned or raised) after it asked for its Task: that Task ends at once, with None."
            cycle.finished = True
            task = cycle.task
            if task is not None:
                _leave_task(cycle.loop, task)
                step, context = cycle.first
                cycle.first = None
                context.run(step)


        def hand_over(cycle, yielded):
            "The eager step yielded (it awaits something else): the request's Task goes on from there."
            loop = cycle.loop
            cycle.yielded = yielded
            task = cycle.task
            if task is None:
                task = cycle.task = cycle.context.run(_asyncio.Task, _task_body(cycle), loop=loop)
            else:
                _leave_task(loop, task)
                step, context = cycle.first
                loop.call_soon(step, context=context)
            cycle.first = None
            task.add_done_callback(cycle.done)


        def cancel_task(cycle):
            "daphne's --application-close-timeout ran out after the client left: the app's task is cancelled."
            task = cycle.task
            if task is not None and not task.done():
                task.cancel()


        def task_outcome(cycle):
            "Raises what the request's task raised (None when it returned)."
            return cycle.task.result()


        class Lifespan:
            "ASGI lifespan 2.0 for one worker, on loop thread 0's asyncio loop (run before serving and after)."

            def __init__(self, app, loop, required):
                self.app = app
                self.loop = loop
                self.required = required
                self.state = {}
                self.inbox = _asyncio.Queue()
                self.started = loop.create_future()
                self.stopped = loop.create_future()
                self.task = None
                self.unsupported = False

            async def receive(self):
                return await self.inbox.get()

            async def send(self, message):
                kind = message['type']
                if kind == 'lifespan.startup.complete' and not self.started.done():
                    self.started.set_result((0, ''))
                elif kind == 'lifespan.startup.failed' and not self.started.done():
                    self.started.set_result((2, message.get('message', '') or 'lifespan.startup.failed'))
                elif kind == 'lifespan.shutdown.complete' and not self.stopped.done():
                    self.stopped.set_result((0, ''))
                elif kind == 'lifespan.shutdown.failed' and not self.stopped.done():
                    self.stopped.set_result((2, message.get('message', '') or 'lifespan.shutdown.failed'))
                else:
                    raise RuntimeError(f'unexpected ASGI lifespan message {kind!r}')

            async def main(self):
                scope = {'type': 'lifespan', 'asgi': {'version': '3.0', 'spec_version': '2.0'}, 'state': self.state}
                try:
                    await self.app(scope, self.receive, self.send)
                except BaseException as error:
                    text = format_exception(type(error), error, error.__traceback__)
                    if not self.started.done():
                        if self.required:
                            self.started.set_result((2, text))
                        else:
                            self.unsupported = True
                            self.started.set_result((1, text))
                    elif not self.stopped.done():
                        self.stopped.set_result((2, text))
                else:
                    if not self.started.done():
                        self.unsupported = True
                        self.started.set_result((1, 'the app returned without answering lifespan.startup'))
                    if not self.stopped.done():
                        self.stopped.set_result((0, ''))

            def startup(self):
                self.task = self.loop.create_task(self.main())
                self.inbox.put_nowait({'type': 'lifespan.startup'})
                return self.loop.run_until_complete(self.started)

            def shutdown(self, timeout):
                if self.unsupported or self.task is None or self.task.done() and self.stopped.done():
                    return self.stopped.result() if self.stopped.done() else (0, '')
                self.inbox.put_nowait({'type': 'lifespan.shutdown'})
                try:
                    return self.loop.run_until_complete(_asyncio.wait_for(_asyncio.shield(self.stopped), timeout))
                except _asyncio.TimeoutError:
                    return (2, f'the app did not answer lifespan.shutdown within {timeout} s')
        """;
}
