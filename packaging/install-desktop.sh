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
    existing=$prefix
    while [ ! -d "$existing" ]; do existing=$(dirname -- "$existing"); done
    if [ ! -w "$existing" ]; then
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

# What the install created, so that --uninstall leaves the tree as it found it: the
# folders that did not exist yet and which desktop caches were there before.
manifest="$target/.install-desktop-$mode"

# the folders mkdir -p "$1" would create, as manifest lines
missing_dirs() {
    dir=$1
    while [ ! -d "$dir" ]; do
        printf 'dir %s\n' "$dir"
        dir=$(dirname -- "$dir")
    done
}

# mkdir -p that notes each folder it creates in the manifest
make_dir() {
    missing_dirs "$1" >>"$manifest"
    mkdir -p "$1"
}

# the caches the desktop tools write: <tool> <folder they index> <files they write>
caches="update-desktop-database applications mimeinfo.cache
gtk-update-icon-cache icons/hicolor icon-theme.cache
update-mime-database mime mime.cache"

note_caches() {
    printf '%s\n' "$caches" | while read -r tool folder file; do
        if [ -e "$data_home/$folder/$file" ]; then
            printf 'cache %s existed\n' "$folder" >>"$manifest"
        fi
    done
}

cache_existed() {
    [ -f "$manifest" ] && grep -qxF "cache $1 existed" "$manifest"
}

refresh_caches() {
    if command -v update-desktop-database >/dev/null 2>&1 && [ -d "$data_home/applications" ]; then
        update-desktop-database -q "$data_home/applications" 2>/dev/null || true
    fi
    if command -v update-mime-database >/dev/null 2>&1 && [ -d "$data_home/mime/packages" ]; then
        update-mime-database "$data_home/mime" 2>/dev/null || true
    fi
    if command -v gtk-update-icon-cache >/dev/null 2>&1 && [ -d "$data_home/icons/hicolor" ]; then
        gtk-update-icon-cache -q -t "$data_home/icons/hicolor" 2>/dev/null || true
    fi
}

# After an uninstall: regenerate a cache that was there before, remove one the
# install brought (update-mime-database writes a whole tree beside packages/).
settle_caches() {
    if [ ! -f "$manifest" ]; then
        refresh_caches  # installed without a record: keep every cache current
        return 0
    fi
    if cache_existed applications; then
        command -v update-desktop-database >/dev/null 2>&1 &&
            update-desktop-database -q "$data_home/applications" 2>/dev/null
    else
        rm -f "$data_home/applications/mimeinfo.cache"
    fi
    if cache_existed icons/hicolor; then
        command -v gtk-update-icon-cache >/dev/null 2>&1 &&
            gtk-update-icon-cache -q -t "$data_home/icons/hicolor" 2>/dev/null
    else
        rm -f "$data_home/icons/hicolor/icon-theme.cache"
    fi
    if cache_existed mime; then
        if command -v update-mime-database >/dev/null 2>&1; then
            update-mime-database "$data_home/mime" 2>/dev/null
            # it leaves the folder of a media type it no longer has (application/)
            find "$data_home/mime" -mindepth 1 -maxdepth 1 -type d -empty ! -name packages \
                -exec rmdir {} + 2>/dev/null
        fi
    elif [ -d "$data_home/mime" ]; then
        # everything in mime/ but packages/ is generated from packages/
        find "$data_home/mime" -mindepth 1 -maxdepth 1 ! -name packages -exec rm -rf {} +
    fi
    return 0
}

# zsh searches its fpath only: say the one line when the folder is not on the default one
zsh_hint() {
    folder="$data_home/zsh/site-functions"
    [ -f "$folder/_activitymon" ] || return 0
    if command -v zsh >/dev/null 2>&1; then
        # shellcheck disable=SC2016  # $fpath is zsh's, expanded there
        if zsh -fc 'print -rl -- $fpath' 2>/dev/null | grep -qxF "$folder"; then
            return 0
        fi
    fi
    echo "zsh completion: add to ~/.zshrc, before compinit: fpath=('$folder' \$fpath)"
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
    settle_caches
    # the folders the install made, deepest first
    made=""
    if [ -f "$manifest" ]; then
        made=$(sed -n 's/^dir //p' "$manifest" | awk '{ print length($0) "\t" $0 }' |
            sort -rn | cut -f 2-)
        rm -f "$manifest"
    fi
    if [ "$mode" = system ] && [ "$target" != "$bundle" ]; then
        rm -rf "$target"
    fi
    # removed where nothing else lives in them now
    printf '%s\n' "$made" | while IFS= read -r dir; do
        [ -n "$dir" ] && rmdir "$dir" 2>/dev/null
    done
    echo "removed $id from $data_home"
    exit 0
fi

if [ ! -x "$bundle/$exe" ]; then
    echo "install-desktop.sh: $bundle/$exe is missing or not executable" >&2
    exit 2
fi
case "$target" in
*\\* | *"
"*)
    echo "install-desktop.sh: move the bundle to a folder without backslashes or newlines in its path" >&2
    exit 2
    ;;
esac
# a second install over a first keeps the first one's record of what it created
record=""
fresh=1
if [ -f "$manifest" ]; then
    record=$(cat "$manifest")
    fresh=0
fi
if [ "$mode" = system ] && [ "$target" != "$bundle" ]; then
    [ "$fresh" = 0 ] || record=$(missing_dirs "$prefix/lib")
    mkdir -p "$prefix/lib"
    rm -rf "$target"
    cp -R "$bundle" "$target"
    rm -f "$target/.install-desktop-user" "$target/.install-desktop-system"  # the copy's, not ours
fi
if ! printf '%s\n' "$record" | sed '/^$/d' >"$manifest" 2>/dev/null; then
    manifest=/dev/null  # a read-only bundle folder: --uninstall then keeps the folders
fi
[ "$fresh" = 0 ] || note_caches
# Exec is written quoted, with ", `, $ escaped and % doubled (Desktop Entry spec)
exec_quoted=$(printf '%s' "$target" | sed 's/[`"$]/\\&/g; s/%/%%/g')
make_dir "$data_home/applications"
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
    make_dir "$data_home/icons/$(dirname "$icon")"
    cp "$bundle/share/icons/$icon" "$data_home/icons/$icon"
done
printf '%s\n' "$extras" | while read -r folder name; do
    if [ -f "$bundle/share/$folder/$name" ]; then
        make_dir "$data_home/$folder"
        cp "$bundle/share/$folder/$name" "$data_home/$folder/$name"
    fi
done
make_dir "$bin_dir"
ln -sf "$target/$exe" "$bin_dir/$exe"
refresh_caches
echo "installed $id: $data_home/applications/$id.desktop -> $target/$exe"
zsh_hint
