# shellcheck shell=bash
# Themes on the terminal: true colour when COLORTERM says so (through the
# terminal's direct-colour description), the palette otherwise; :theme
# switches and completes every built-in theme.

# The pane with its colours, as tmux keeps them (SGR sequences).
themes_screen_sgr() {
    e2e__tmux capture-pane -e -p -t "$E2E_SESSION"
}

test_themes_truecolor_when_colorterm_says_so() {
    E2E_COLORTERM=truecolor e2e_start_mltui 100x30 --theme light
    e2e_wait_for Hazardous_NEOs 10
    # light's table header: white on #1f5fa8, sent as an RGB colour.
    themes_screen_sgr | grep -q '48;2;31;95;168' ||
        { echo "no RGB #1f5fa8 background:"; themes_screen_sgr | cat -v | head -5; return 1; }
    e2e_keys Q
    [ "$(e2e_wait_exit)" = 0 ]
}

test_themes_palette_colours_without_colorterm() {
    e2e_start_mltui 100x30 --theme light
    e2e_wait_for Hazardous_NEOs 10
    # The same header in the palette: blue (44), and no RGB colour anywhere.
    themes_screen_sgr | grep -q '44m\|;44[;m]' ||
        { echo "no blue background:"; themes_screen_sgr | cat -v | head -5; return 1; }
    ! themes_screen_sgr | grep -q '[34]8;2;'
    e2e_keys Q
    [ "$(e2e_wait_exit)" = 0 ]
}

test_themes_theme_command_switches_and_completes_builtin_themes() {
    e2e_start_mltui 100x30
    e2e_wait_for Hazardous_NEOs 10
    e2e_type ":theme h"
    e2e_keys Tab
    e2e_wait_for ":theme high-contrast"
    e2e_keys Enter
    e2e_wait_for "Theme high-contrast"
    e2e_type ":theme li"
    e2e_keys Tab Enter
    e2e_wait_for "Theme light"
    e2e_keys Q
    [ "$(e2e_wait_exit)" = 0 ]
}

# :theme + Tab shows each offered theme at once; Esc goes back to the one before.
test_themes_tab_previews_and_esc_restores() {
    E2E_COLORTERM=truecolor e2e_start_mltui 100x30
    e2e_wait_for Hazardous_NEOs 10
    ! themes_screen_sgr | grep -q '48;2;31;95;168' || e2e_fail "light's header before asking"
    e2e_type ":theme li"
    e2e_keys Tab
    e2e_wait_for ":theme light"
    # Previewed before Enter: light's header colour is on screen.
    local i
    for i in $(seq 50); do
        themes_screen_sgr | grep -q '48;2;31;95;168' && break
        sleep 0.1
    done
    themes_screen_sgr | grep -q '48;2;31;95;168' || e2e_fail "no preview of light"
    e2e_keys Escape
    e2e_wait_gone ":theme light"
    for i in $(seq 50); do
        themes_screen_sgr | grep -q '48;2;31;95;168' || break
        sleep 0.1
    done
    ! themes_screen_sgr | grep -q '48;2;31;95;168' || e2e_fail "Esc kept the previewed theme"
    e2e_keys Q
    [ "$(e2e_wait_exit)" = 0 ]
}
