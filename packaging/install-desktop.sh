#!/bin/sh
# Install the activitymon bundle this script sits in into the desktop's launcher:
#   ~/.local/share/applications/<id>.desktop      (Exec = this bundle's executable)
#   ~/.local/share/icons/hicolor/<N>x<N>/apps/<id>.png and scalable/apps/<id>.svg
# ($XDG_DATA_HOME instead of ~/.local/share when set). Run it again after moving the
# bundle; `install-desktop.sh --uninstall` removes those files again.
set -eu

bundle=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
data_home=${XDG_DATA_HOME:-"$HOME/.local/share"}
template=$(ls "$bundle"/share/applications/*.desktop 2>/dev/null | head -n 1)
if [ -z "$template" ]; then
    echo "install-desktop.sh: no share/applications/*.desktop in $bundle (is this a built bundle?)" >&2
    exit 2
fi
id=$(basename "$template" .desktop)

case "${1:-}" in
--uninstall)
    rm -f "$data_home/applications/$id.desktop"
    find "$data_home/icons/hicolor" -path "*/apps/$id.*" -exec rm -f {} + 2>/dev/null || true
    echo "removed $id from $data_home"
    ;;
"")
    exe=$(sed -n 's/^TryExec=@BUNDLE_DIR@\///p' "$template")
    if [ ! -x "$bundle/$exe" ]; then
        echo "install-desktop.sh: $bundle/$exe is missing or not executable" >&2
        exit 2
    fi
    case "$bundle" in
    *\\* | *"
"*)
        echo "install-desktop.sh: move the bundle to a folder without backslashes or newlines in its path" >&2
        exit 2
        ;;
    esac
    # Exec is written quoted, with ", `, $ escaped and % doubled (Desktop Entry spec)
    exec_quoted=$(printf '%s' "$bundle" | sed 's/[`"$]/\\&/g; s/%/%%/g')
    mkdir -p "$data_home/applications"
    while IFS= read -r line; do
        case "$line" in
        Exec=@BUNDLE_DIR@/*) printf 'Exec="%s/%s"\n' "$exec_quoted" "${line#Exec=@BUNDLE_DIR@/}" ;;
        *@BUNDLE_DIR@*) printf '%s%s%s\n' "${line%%@BUNDLE_DIR@*}" "$bundle" "${line#*@BUNDLE_DIR@}" ;;
        *) printf '%s\n' "$line" ;;
        esac
    done <"$template" >"$data_home/applications/$id.desktop"
    (cd "$bundle/share/icons" && find hicolor -type f -name "$id.*") | while read -r icon; do
        mkdir -p "$data_home/icons/$(dirname "$icon")"
        cp "$bundle/share/icons/$icon" "$data_home/icons/$icon"
    done
    command -v update-desktop-database >/dev/null 2>&1 &&
        update-desktop-database -q "$data_home/applications" 2>/dev/null || true
    command -v gtk-update-icon-cache >/dev/null 2>&1 &&
        gtk-update-icon-cache -q -t "$data_home/icons/hicolor" 2>/dev/null || true
    echo "installed $id: $data_home/applications/$id.desktop -> $bundle/$exe"
    ;;
*)
    echo "usage: install-desktop.sh [--uninstall]" >&2
    exit 2
    ;;
esac
