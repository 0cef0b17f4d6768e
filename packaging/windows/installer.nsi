; Minori e Famiglie: per-user Windows installer (NSIS 3, Unicode).
;
; Installs the one-folder PyInstaller build into %LOCALAPPDATA%\Programs\Minori e Famiglie with no
; administrator rights, adds a Start-menu entry and an uninstaller listed in "App installate".
; The profiles (the encrypted case files) live elsewhere, in %LOCALAPPDATA%\minorifamiglie, and
; neither an upgrade nor the uninstaller ever touches them.
;
; makensis -DVERSION=0.1.0 -DDIST=C:\path\to\dist\minorifamiglie installer.nsi  (absolute DIST:
; makensis works in the script's folder; tests/packaging compiles it on Linux)


Unicode true
ManifestDPIAware true
RequestExecutionLevel user
SetCompressor /SOLID lzma

!ifndef VERSION
  !error "VERSION is required: makensis -DVERSION=x.y.z"
!endif
!ifndef DIST
  !error "DIST is required: the folder PyInstaller built (dist\minorifamiglie)"
!endif
!ifndef OUTFILE
  !define OUTFILE "minorifamiglie-${VERSION}-windows-x64-setup.exe"
!endif

!define APP_NAME "Minori e Famiglie"
!define APP_EXE "minorifamiglie.exe"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\minorifamiglie"

!include "MUI2.nsh"
!include "FileFunc.nsh"

Name "${APP_NAME} ${VERSION}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\${APP_NAME}"
InstallDirRegKey HKCU "${UNINSTALL_KEY}" "InstallLocation"
BrandingText "${APP_NAME} ${VERSION}"

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=1040 "ProductName" "${APP_NAME}"
VIAddVersionKey /LANG=1040 "FileDescription" "Installazione di ${APP_NAME}"
VIAddVersionKey /LANG=1040 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=1040 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=1040 "LegalCopyright" "EUPL-1.2"

!define MUI_ICON "../../src/minorifamiglie/resources/icons/minorifamiglie.ico"  ; makensis works in the script's folder
!define MUI_UNICON "../../src/minorifamiglie/resources/icons/minorifamiglie.ico"  ; makensis works in the script's folder
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\${APP_EXE}"
!define MUI_FINISHPAGE_RUN_TEXT "Apri ${APP_NAME}"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "Italian"

LangString NotOurFolder ${LANG_ITALIAN} "La cartella scelta contiene già altri file che non sono di ${APP_NAME}. Scegliere una cartella vuota o quella di un'installazione precedente."
LangString StillRunning ${LANG_ITALIAN} "${APP_NAME} è aperto: chiuderlo (le bozze vengono salvate) e riprovare."
LangString ProfilesKept ${LANG_ITALIAN} "${APP_NAME} è stato disinstallato. I profili con le cartelle cifrate restano in $LOCALAPPDATA\minorifamiglie: per eliminarli definitivamente cancellare quella cartella a mano, dopo averne fatto un backup se servono ancora."

; The install folder may hold only a previous installation: an uninstall removes the folder
; whole, so it must never be a folder with anything else in it (least of all a profile).
Function .onVerifyInstDir
  IfFileExists "$INSTDIR\profile.json" bad
  IfFileExists "$INSTDIR\cartelle.db" bad
  Return
  bad:
    Abort
FunctionEnd

Function CheckFolder
  IfFileExists "$INSTDIR\${APP_EXE}" ok   ; an upgrade
  ${DirState} "$INSTDIR" $0
  StrCmp $0 1 0 ok                        ; 1: exists and not empty
    MessageBox MB_ICONSTOP "$(NotOurFolder)"
    Abort
  ok:
FunctionEnd

Section "${APP_NAME}" SecMain
  SectionIn RO
  Call CheckFolder
  ; An open program keeps its files locked: say so instead of half-replacing them.
  IfFileExists "$INSTDIR\_internal\*.*" 0 fresh
    ClearErrors
    Rename "$INSTDIR\_internal" "$INSTDIR\_internal.old"
    IfErrors 0 +3
      MessageBox MB_ICONSTOP "$(StillRunning)"
      Abort
    RMDir /r "$INSTDIR\_internal.old"
  fresh:
  SetOutPath "$INSTDIR"
  File /r "${DIST}/*.*"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateDirectory "$SMPROGRAMS"
  CreateShortCut "$SMPROGRAMS\${APP_NAME}.lnk" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\${APP_EXE}" 0

  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${APP_NAME}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "Consorzio Solco Città Aperta"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\${APP_EXE}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "EstimatedSize" "$0"
SectionEnd

; Removes the program and nothing else: the profiles in %LOCALAPPDATA%\minorifamiglie, the
; settings and any backup stay where they are.
Section "Uninstall"
  IfFileExists "$INSTDIR\${APP_EXE}" 0 done   ; never clear a folder that is not ours
  IfFileExists "$INSTDIR\profile.json" done
  Delete "$SMPROGRAMS\${APP_NAME}.lnk"
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\${APP_EXE}"
  Delete "$INSTDIR\minorifamiglie-cli.exe"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
  IfSilent done
    MessageBox MB_ICONINFORMATION "$(ProfilesKept)"
  done:
SectionEnd
