#pragma once
// The wide-character API is only declared with these defined before curses.h,
// and a system library target has no cSettings.
#define _XOPEN_SOURCE_EXTENDED 1
#define NCURSES_WIDECHAR 1
#include <ncursesw/curses.h>
#include <locale.h>
#include <langinfo.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

// Not visible through `import Glibc`.
extern int wcwidth(wchar_t c);

// ---------------------------------------------------------------------------
// Macros and globals Swift cannot import (cast-built constants, `stdout`, and
// mutable globals that strict concurrency rejects).

static inline attr_t vigil_a_bold(void) { return A_BOLD; }
static inline attr_t vigil_a_dim(void) { return A_DIM; }
static inline attr_t vigil_a_reverse(void) { return A_REVERSE; }
static inline attr_t vigil_a_underline(void) { return A_UNDERLINE; }
static inline attr_t vigil_a_italic(void) { return A_ITALIC; }

static inline mmask_t vigil_button1_pressed(void) { return BUTTON1_PRESSED; }
static inline mmask_t vigil_button1_released(void) { return BUTTON1_RELEASED; }
static inline mmask_t vigil_button4_pressed(void) { return BUTTON4_PRESSED; }
static inline mmask_t vigil_button5_pressed(void) { return BUTTON5_PRESSED; }

static inline int vigil_colors(void) { return COLORS; }
static inline int vigil_color_pairs(void) { return COLOR_PAIRS; }

/// newterm instead of initscr: initscr exits the process on failure, newterm returns NULL.
static inline SCREEN *vigil_newterm(void) { return newterm(NULL, stdout, stdin); }
static inline WINDOW *vigil_stdscr(void) { return stdscr; }

/// True when the current LC_CTYPE codeset is UTF-8.
static inline int vigil_codeset_is_utf8(void) {
    const char *cs = nl_langinfo(CODESET);
    return cs != NULL && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0);
}

// ---------------------------------------------------------------------------
// Signals. State lives in function-local statics (Swift does not emit file-scope
// static variables from a header: the link fails). Each object file that calls these
// functions gets its own copy, so call them from ONE Swift file only
// (VigilTerminal/SignalGuards.swift).

static const int vigil_quit_signals[3] = { SIGINT, SIGTERM, SIGHUP };
static const int vigil_crash_signals[5] = { SIGSEGV, SIGBUS, SIGABRT, SIGILL, SIGFPE };

static inline volatile sig_atomic_t *vigil_quit_flag(void) {
    static volatile sig_atomic_t flag = 0;
    return &flag;
}

/// Handlers that were installed before ours: 3 quit signals, then 5 crash signals.
static inline struct sigaction *vigil_saved_actions(void) {
    static struct sigaction saved[8];
    return saved;
}

static void vigil_quit_handler(int sig) {
    (void)sig;
    *vigil_quit_flag() = 1;
}

/// Writes escape sequences that switch off xterm mouse tracking and show the cursor,
/// in case endwin() could not (crash mid-update).
static inline void vigil_write_terminal_reset(void) {
    static const char reset[] = "\033[?1000l\033[?1002l\033[?1003l\033[?1006l\033[?25h";
    ssize_t ignored = write(STDOUT_FILENO, reset, sizeof reset - 1);
    (void)ignored;
}

static void vigil_crash_handler(int sig, siginfo_t *info, void *context) {
    if (!isendwin()) endwin();
    vigil_write_terminal_reset();
    // Let the handler that was there before us run on the restored screen (the Swift
    // runtime's backtracer prints the crash report), with the real fault details.
    for (int i = 0; i < 5; i++) {
        if (vigil_crash_signals[i] != sig) continue;
        struct sigaction previous = vigil_saved_actions()[3 + i];
        if (previous.sa_flags & SA_SIGINFO) {
            if (previous.sa_sigaction != NULL) previous.sa_sigaction(sig, info, context);
        } else if (previous.sa_handler != SIG_DFL && previous.sa_handler != SIG_IGN && previous.sa_handler != NULL) {
            previous.sa_handler(sig);
        }
    }
    // Then die by the default action whatever it did: the signal is blocked while we
    // run, so it is delivered once we return.
    signal(sig, SIG_DFL);
    raise(sig);
}

/// Installs flag-setting handlers for SIGINT/SIGTERM/SIGHUP (no SA_RESTART, so a blocked
/// read wakes up) and terminal-restoring crash handlers. Must run before newterm so that
/// ncurses does not install its own SIGINT/SIGTERM handlers.
static inline void vigil_install_signal_handlers(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = vigil_quit_handler;
    for (int i = 0; i < 3; i++) sigaction(vigil_quit_signals[i], &sa, &vigil_saved_actions()[i]);
    sa.sa_sigaction = vigil_crash_handler;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK;   // ONSTACK: stack overflows too, if an altstack exists
    for (int i = 0; i < 5; i++) sigaction(vigil_crash_signals[i], &sa, &vigil_saved_actions()[3 + i]);
}

/// Puts back whatever handlers were there before vigil_install_signal_handlers.
static inline void vigil_restore_signal_handlers(void) {
    for (int i = 0; i < 3; i++) sigaction(vigil_quit_signals[i], &vigil_saved_actions()[i], NULL);
    for (int i = 0; i < 5; i++) sigaction(vigil_crash_signals[i], &vigil_saved_actions()[3 + i], NULL);
}

static inline int vigil_quit_requested(void) { return *vigil_quit_flag() != 0; }
