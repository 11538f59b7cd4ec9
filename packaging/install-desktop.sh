#!/bin/sh
# Install the activitymon bundle this script sits in, the way desktop apps are:
#
#   install-desktop.sh               for you: the bundle stays where it is;
#                                    ~/.local/share (or $XDG_DATA_HOME) gets the
#                                    entries below, ~/.local/bin/activitymon a link
#   sudo install-desktop.sh --system for everyone: the bundle is copied to
#                                    $PREFIX/lib/activitymon ($PREFIX: /usr/local),
#                                    $PREFIX/share gets the entries, $PREFIX/bin a link
#   install-desktop.sh [--system] --uninstall   removes what the install wrote
#
# Written: applications/<id>.desktop (Exec = the bundle's executable, %F: files the
# desktop opens with it), icons/hicolor/<N>x<N>/apps/<id>.png and scalable/apps/<id>.svg,
# metainfo/<id>.metainfo.xml (AppStream), mime/packages/<id>.xml (the report types),
# man/man1/activitymon.1, bash-completion/completions/activitymon and
# zsh/site-functions/_activitymon. Run it again after moving a per-user bundle.
# Exit status: 0 success, 1 failure, 2 usage.
set -eu

usage() {
    echo "usage: install-desktop.sh [--system] [--uninstall]" >&2
    exit 2
}

bundle=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
mode=user
action=install
for arg in "$@"; do
    case "$arg" in
    --system) mode=system ;;
    --uninstall) action=uninstall ;;
    *) usage ;;
    esac
done

template=$(ls "$bundle"/share/applications/*.desktop 2>/dev/null | head -n 1)
if [ -z "$template" ]; then
    echo "install-desktop.sh: no share/applications/*.desktop in $bundle (is this a built bundle?)" >&2
    exit 2
fi
id=$(basename "$template" .desktop)
exe=$(sed -n 's/^TryExec=@BUNDLE_DIR@\///p' "$template")

if [ "$mode" = system ]; then
    prefix=${PREFIX:-/usr/local}
    data_home=$prefix/share
    bin_dir=$prefix/bin
    target=$prefix/lib/activitymon
    if ! mkdir -p "$data_home" "$bin_dir" "$prefix/lib" 2>/dev/null || [ ! -w "$data_home" ]; then
        echo "install-desktop.sh: cannot write to $prefix (run it with sudo for --system)" >&2
        exit 1
    fi
else
    data_home=${XDG_DATA_HOME:-"$HOME/.local/share"}
    bin_dir=${XDG_BIN_HOME:-"$HOME/.local/bin"}
    target=$bundle
fi

# the files besides the desktop entry and icons: <folder in share/> <file name>
extras="metainfo $id.metainfo.xml
mime/packages $id.xml
man/man1 activitymon.1
bash-completion/completions activitymon
zsh/site-functions _activitymon"

refresh_caches() {
    if command -v update-desktop-database >/dev/null 2>&1; then
        update-desktop-database -q "$data_home/applications" 2>/dev/null || true
    fi
    if command -v update-mime-database >/dev/null 2>&1 && [ -d "$data_home/mime/packages" ]; then
        update-mime-database "$data_home/mime" 2>/dev/null || true
    fi
    if command -v gtk-update-icon-cache >/dev/null 2>&1 && [ -d "$data_home/icons/hicolor" ]; then
        gtk-update-icon-cache -q -t "$data_home/icons/hicolor" 2>/dev/null || true
    fi
}

if [ "$action" = uninstall ]; then
    rm -f "$data_home/applications/$id.desktop"
    find "$data_home/icons/hicolor" -path "*/apps/$id.*" -exec rm -f {} + 2>/dev/null || true
    printf '%s\n' "$extras" | while read -r folder name; do
        rm -f "$data_home/$folder/$name"
    done
    link="$bin_dir/$exe"
    if [ -L "$link" ]; then
        case "$(readlink "$link")" in
        "$target"/*) rm -f "$link" ;;
        esac
    fi
    if [ "$mode" = system ] && [ "$target" != "$bundle" ]; then
        rm -rf "$target"
    fi
    refresh_caches
    echo "removed $id from $data_home"
    exit 0
fi

if [ ! -x "$bundle/$exe" ]; then
    echo "install-desktop.sh: $bundle/$exe is missing or not executable" >&2
    exit 2
fi
if [ "$mode" = system ] && [ "$target" != "$bundle" ]; then
    rm -rf "$target"
    cp -R "$bundle" "$target"
fi
case "$target" in
*\\* | *"
"*)
    echo "install-desktop.sh: move the bundle to a folder without backslashes or newlines in its path" >&2
    exit 2
    ;;
esac
# Exec is written quoted, with ", `, $ escaped and % doubled (Desktop Entry spec)
exec_quoted=$(printf '%s' "$target" | sed 's/[`"$]/\\&/g; s/%/%%/g')
mkdir -p "$data_home/applications"
while IFS= read -r line; do
    case "$line" in
    Exec=@BUNDLE_DIR@/*)
        rest=${line#Exec=@BUNDLE_DIR@/}
        program=${rest%% *}
        printf 'Exec="%s/%s"%s\n' "$exec_quoted" "$program" "${rest#"$program"}"
        ;;
    *@BUNDLE_DIR@*) printf '%s%s%s\n' "${line%%@BUNDLE_DIR@*}" "$target" "${line#*@BUNDLE_DIR@}" ;;
    *) printf '%s\n' "$line" ;;
    esac
done <"$template" >"$data_home/applications/$id.desktop"
(cd "$bundle/share/icons" && find hicolor -type f -name "$id.*") | while read -r icon; do
    mkdir -p "$data_home/icons/$(dirname "$icon")"
    cp "$bundle/share/icons/$icon" "$data_home/icons/$icon"
done
printf '%s\n' "$extras" | while read -r folder name; do
    if [ -f "$bundle/share/$folder/$name" ]; then
        mkdir -p "$data_home/$folder"
        cp "$bundle/share/$folder/$name" "$data_home/$folder/$name"
    fi
done
mkdir -p "$bin_dir"
ln -sf "$target/$exe" "$bin_dir/$exe"
refresh_caches
echo "installed $id: $data_home/applications/$id.desktop -> $target/$exe"
