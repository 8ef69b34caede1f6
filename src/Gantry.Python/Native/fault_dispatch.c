/*
 * Gantry's fault dispatch: a C extension's crash gets a Python traceback (faulthandler), and .NET keeps its own faults.
 *
 * Both runtimes want SIGSEGV, SIGBUS, SIGFPE and SIGILL. .NET (NativeAOT) turns a fault in managed code into a
 * NullReferenceException or DivideByZeroException; Python's faulthandler prints the tracebacks, then lets the process
 * die. Installed one over the other, the later wins: faulthandler over .NET turns every caught NullReferenceException
 * into a dead worker (measured: "Fatal Python error: Segmentation fault" on the first one); .NET over faulthandler never
 * calls it (it falls back to the handler it found at start-up, the default). So the process keeps both and decides per
 * fault, by where it happened: an instruction inside gantry's own executable (managed code and the runtime, all in its
 * text) goes to .NET's handler; anywhere else (libpython, a C extension, libffi's closures) goes to faulthandler, which
 * prints the tracebacks and ends the process with the signal, as before. This has to be C: a handler in C# would
 * re-enter the runtime on a thread that faulted inside it.
 *
 * Linked into the NativeAOT executable only (src/Gantry/Gantry.csproj compiles it); the JIT builds used by unit tests
 * never call it.
 */
#define _GNU_SOURCE
#include <link.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <ucontext.h>

static const int fault_signals[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL };
#define FAULT_SIGNAL_COUNT (sizeof fault_signals / sizeof fault_signals[0])

static struct sigaction runtime_actions[FAULT_SIGNAL_COUNT];
static struct sigaction python_actions[FAULT_SIGNAL_COUNT];
static uintptr_t executable_start, executable_end;

static int find_executable_text(struct dl_phdr_info *info, size_t size, void *data)
{
    (void)size;
    (void)data;
    /* The first object is the executable itself. */
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *header = &info->dlpi_phdr[i];
        if (header->p_type == PT_LOAD && (header->p_flags & PF_X)) {
            uintptr_t start = info->dlpi_addr + header->p_vaddr;
            uintptr_t end = start + header->p_memsz;
            if (executable_start == 0 || start < executable_start) executable_start = start;
            if (end > executable_end) executable_end = end;
        }
    }
    return 1;
}

static uintptr_t fault_address(void *context)
{
    ucontext_t *registers = context;
#if defined(__x86_64__)
    return (uintptr_t)registers->uc_mcontext.gregs[REG_RIP];
#elif defined(__aarch64__)
    return (uintptr_t)registers->uc_mcontext.pc;
#else
#error "fault_dispatch.c: add this architecture's instruction pointer"
#endif
}

static void call(const struct sigaction *action, int signal_number, siginfo_t *info, void *context)
{
    if (action->sa_flags & SA_SIGINFO) {
        action->sa_sigaction(signal_number, info, context);
    } else if (action->sa_handler == SIG_DFL) {
        /* Nobody wants it: back to the default, and the faulting instruction runs again and ends the process. */
        signal(signal_number, SIG_DFL);
    } else if (action->sa_handler != SIG_IGN) {
        action->sa_handler(signal_number);
    }
}

static void dispatch(int signal_number, siginfo_t *info, void *context)
{
    for (unsigned i = 0; i < FAULT_SIGNAL_COUNT; i++) {
        if (fault_signals[i] == signal_number) {
            uintptr_t at = fault_address(context);
            int in_executable = at >= executable_start && at < executable_end;
            call(in_executable ? &runtime_actions[i] : &python_actions[i], signal_number, info, context);
            return;
        }
    }
}

/* Before Python starts: remember .NET's handlers. Returns 0, or -1 when one cannot be read. */
int gantry_fault_dispatch_save_runtime(void)
{
    dl_iterate_phdr(find_executable_text, NULL);
    for (unsigned i = 0; i < FAULT_SIGNAL_COUNT; i++) {
        if (sigaction(fault_signals[i], NULL, &runtime_actions[i]) != 0) return -1;
    }
    return executable_start != 0 ? 0 : -1;
}

/* After faulthandler.enable(): remember its handlers and put the dispatch in front of both. Returns 0, or -1. */
int gantry_fault_dispatch_install(void)
{
    for (unsigned i = 0; i < FAULT_SIGNAL_COUNT; i++) {
        if (sigaction(fault_signals[i], NULL, &python_actions[i]) != 0) return -1;
    }
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_sigaction = dispatch;
    action.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
    sigemptyset(&action.sa_mask);
    for (unsigned i = 0; i < FAULT_SIGNAL_COUNT; i++) {
        if (sigaction(fault_signals[i], &action, NULL) != 0) return -1;
    }
    return 0;
}
