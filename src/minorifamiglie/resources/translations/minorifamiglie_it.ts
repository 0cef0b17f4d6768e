<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="it_IT" sourcelanguage="en">
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../../ui/dialogs/about.py" line="+53"/>
        <source>About Minori e Famiglie</source>
        <translation>Informazioni su Minori e Famiglie</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Close</source>
        <translation>Chiudi</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Copy to clipboard</source>
        <translation>Copia negli appunti</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The versions, to paste into a support request (without the profile folder)</source>
        <translation>Le versioni, da incollare in una richiesta di assistenza (senza la cartella del profilo)</translation>
    </message>
    <message>
        <location line="+8"/>
        <location line="+53"/>
        <source>Third-party components</source>
        <translation>Componenti di terze parti</translation>
    </message>
    <message>
        <location line="-40"/>
        <source>Minori e Famiglie</source>
        <translation>Minori e Famiglie</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+77"/>
        <source>Version %1</source>
        <translation>Versione %1</translation>
    </message>
    <message>
        <location line="-66"/>
        <source>Open the folder</source>
        <translation>Apri la cartella</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Licence:</source>
        <translation>Licenza:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SQLCipher:</source>
        <translation>SQLCipher:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SQLite:</source>
        <translation>SQLite:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Qt:</source>
        <translation>Qt:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Python:</source>
        <translation>Python:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>System:</source>
        <translation>Sistema:</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Profile folder:</source>
        <translation>Cartella del profilo:</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Component</source>
        <translation>Componente</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Version</source>
        <translation>Versione</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Licence</source>
        <translation>Licenza</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Licence text</source>
        <translation>Testo della licenza</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Pick a component to read its licence.</source>
        <translation>Scegli un componente per leggerne la licenza.</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>Loading…</source>
        <translation>Caricamento…</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Licence: %1</source>
        <translation>Licenza: %1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>System: %1</source>
        <translation>Sistema: %1</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Copied</source>
        <translation>Copiato</translation>
    </message>
</context>
<context>
    <name>ActivationTableModel</name>
    <message>
        <location filename="../../ui/case_file/activations.py" line="+52"/>
        <source>not active this month</source>
        <translation>non attivo questo mese</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 h</source>
        <translation>%1 h</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 of %2 h</source>
        <translation>%1 di %2 h</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Service</source>
        <translation>Intervento</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>From</source>
        <translation>Dal</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>To</source>
        <translation>Al</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Authorised hours</source>
        <translation>Monte ore</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hours this month</source>
        <translation>Ore del mese</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Operator</source>
        <translation>Operatore</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Partner cooperative</source>
        <translation>Cooperativa partner</translation>
    </message>
    <message numerus="yes">
        <location line="+11"/>
        <source>%n closed visits counted; %1 h left this month</source>
        <translation>
            <numerusform>%n visita chiusa conteggiata; restano %1 h questo mese</numerusform>
            <numerusform>%n visite chiuse conteggiate; restano %1 h questo mese</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ActivationsTab</name>
    <message>
        <location line="+72"/>
        <source>Service</source>
        <translation>Intervento</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Start</source>
        <translation>Inizio</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>End</source>
        <translation>Fine</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Authorised hours</source>
        <translation>Monte ore</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Per</source>
        <translation>Periodo</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Operator</source>
        <translation>Operatore</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>(none)</source>
        <translation>(nessuno)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Partner cooperative</source>
        <translation>Cooperativa partner</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>When the service is co-designed with another cooperative</source>
        <translation>Se il servizio è in coprogettazione con un&apos;altra cooperativa</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Services of the case</source>
        <translation>Interventi della cartella</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Add service…</source>
        <translation>&amp;Aggiungi intervento…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Edit…</source>
        <translation>&amp;Modifica…</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+69"/>
        <source>Edit service</source>
        <translation>Modifica intervento</translation>
    </message>
    <message>
        <location line="-66"/>
        <source>E&amp;nd service…</source>
        <translation>&amp;Termina intervento…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>End service</source>
        <translation>Termina intervento</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>New service</source>
        <translation>Nuovo intervento</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>End %1</source>
        <translation>Fine intervento: %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last day of the service</source>
        <translation>Ultimo giorno dell&apos;intervento</translation>
    </message>
</context>
<context>
    <name>ActivityTableModel</name>
    <message>
        <location filename="../../ui/models/project_table.py" line="+93"/>
        <source>Date</source>
        <translation>Data</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hours</source>
        <translation>Ore</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Participants</source>
        <translation>Partecipanti</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Operator</source>
        <translation>Operatore</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>What was done</source>
        <translation>Attività svolta</translation>
    </message>
</context>
<context>
    <name>AdmitDialog</name>
    <message>
        <location filename="../../ui/dialogs/team.py" line="+244"/>
        <source>Admit a device</source>
        <translation>Ammetti un dispositivo</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 (%2) asks to join the team with the device “%3”.</source>
        <translation>%1 (%2) chiede di entrare nell&apos;équipe con il dispositivo «%3».</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>I compared this fingerprint with the one shown on that device, by phone or in person, and they are the same</source>
        <translation>Ho confrontato questa impronta con quella mostrata su quel dispositivo, per telefono o di persona, e sono uguali</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Admit</source>
        <translation>Ammetti</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cancel</source>
        <translation>Annulla</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Fingerprint of the device:</source>
        <translation>Impronta del dispositivo:</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Once admitted, the device receives every case file of the team. Admit it only if the person read you the same fingerprint.</source>
        <translation>Una volta ammesso, il dispositivo riceve tutte le cartelle dell&apos;équipe. Ammettilo solo se la persona ti ha letto la stessa impronta.</translation>
    </message>
</context>
<context>
    <name>AgendaTableModel</name>
    <message>
        <location filename="../../ui/models/agenda_table.py" line="+32"/>
        <source>Date</source>
        <translation>Data</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Time</source>
        <translation>Orario</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kind</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Case</source>
        <translation>Cartella</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Child</source>
        <translation>Minore</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Place</source>
        <translation>Luogo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>Stato</translation>
    </message>
</context>
<context>
    <name>AmbitoSettingsDialog</name>
    <message>
        <location filename="../../ui/dialogs/ambito_settings.py" line="+90"/>
        <source>Ambito settings</source>
        <translation>Impostazioni dell&apos;Ambito</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+6"/>
        <source>Ambito</source>
        <translation>Ambito</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Close</source>
        <translation>Chiudi</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>In effect today</source>
        <translation>In vigore oggi</translation>
    </message>
    <message>
        <location line="+12"/>
        <location line="+8"/>
        <location line="+90"/>
        <source>Logo on documents</source>
        <translation>Logo sui documenti</translation>
    </message>
    <message>
        <location line="-97"/>
        <source>Since</source>
        <translation>Dal</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Missed visits count as hours</source>
        <translation>Assenze non comunicate contate come ore</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+75"/>
        <source>Phone calls count as indirect hours</source>
        <translation>Telefonate contate come ore indirette</translation>
    </message>
    <message>
        <location line="-74"/>
        <location line="+76"/>
        <location line="+14"/>
        <source>Foster care review every</source>
        <translation>Verifica dell&apos;affido ogni</translation>
    </message>
    <message>
        <location line="-89"/>
        <location line="+76"/>
        <location line="+14"/>
        <source>Foster care lasts at most</source>
        <translation>Durata massima dell&apos;affido</translation>
    </message>
    <message>
        <location line="-89"/>
        <location line="+77"/>
        <location line="+13"/>
        <source>Home support without a PEI flagged after</source>
        <translation>ADM senza PEI segnalata dopo</translation>
    </message>
    <message>
        <location line="-89"/>
        <location line="+79"/>
        <location line="+11"/>
        <source>Cooperative on documents</source>
        <translation>Cooperativa sui documenti</translation>
    </message>
    <message>
        <location line="-85"/>
        <source>History</source>
        <translation>Storico</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>History of the settings</source>
        <translation>Storico delle impostazioni</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>From</source>
        <translation>Dal</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Missed visits</source>
        <translation>Assenze non comunicate</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Phone calls</source>
        <translation>Telefonate</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Review (months)</source>
        <translation>Verifica (mesi)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Maximum (months)</source>
        <translation>Durata massima (mesi)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No PEI (days)</source>
        <translation>Senza PEI (giorni)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cooperative</source>
        <translation>Cooperativa</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Set by</source>
        <translation>Impostate da</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Choose logo…</source>
        <translation>Scegli il logo…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A PNG or JPEG image of at most %1 KiB</source>
        <translation>Un&apos;immagine PNG o JPEG di al massimo %1 KiB</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Remove logo</source>
        <translation>Togli il logo</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>New settings</source>
        <translation>Nuove impostazioni</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Only a coordinator can change the settings of an Ambito.</source>
        <translation>Solo il coordinatore può cambiare le impostazioni dell&apos;Ambito.</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+16"/>
        <source>In effect from</source>
        <translation>In vigore dal</translation>
    </message>
    <message>
        <location line="-14"/>
        <source>Missed visits (no-shows) count as hours</source>
        <translation>Le assenze non comunicate contano come ore</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> months</source>
        <translation> mesi</translation>
    </message>
    <message>
        <location line="+0"/>
        <source> days</source>
        <translation> giorni</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Empty: the name set on each computer</source>
        <translation>Vuoto: il nome impostato su ciascun computer</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Save the new settings</source>
        <translation>Salva le nuove impostazioni</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Loading…</source>
        <translation>Caricamento…</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>yes</source>
        <translation>sì</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>no</source>
        <translation>no</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Default settings (none set for this Ambito)</source>
        <translation>Predefinite (nessuna impostata per questo Ambito)</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+3"/>
        <source>%1 months</source>
        <translation>%1 mesi</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 days</source>
        <translation>%1 giorni</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>(the name set on this computer)</source>
        <translation>(il nome impostato su questo computer)</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>none</source>
        <translation>nessuno</translation>
    </message>
    <message>
        <location line="+55"/>
        <source>Logo of the cooperative</source>
        <translation>Logo della cooperativa</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Images (*.png *.jpg *.jpeg)</source>
        <translation>Immagini (*.png *.jpg *.jpeg)</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>The file could not be read.</source>
        <translation>Il file non si può leggere.</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>Type the day the settings take effect.</source>
        <translation>Indicare il giorno da cui valgono le impostazioni.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Change at least one setting first.</source>
        <translation>Cambiare prima almeno un&apos;impostazione.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Saving…</source>
        <translation>Salvataggio…</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Saved: the new settings are in effect from %1.</source>
        <translation>Salvate: le nuove impostazioni sono in vigore dal %1.</translation>
    </message>
</context>
<context>
    <name>AmendmentsBox</name>
    <message>
        <location filename="../../ui/visit_editor/amendments.py" line="+32"/>
        <source>Amendments</source>
        <translation>Integrazioni</translation>
    </message>
    <message>
        <location line="+8"/>
        <location line="+1"/>
        <source>Add amendment</source>
        <translation>Aggiungi integrazione</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Text of the amendment</source>
        <translation>Testo dell&apos;integrazione</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The amendment is added after the signed text, with date and time</source>
        <translation>L&apos;integrazione si aggiunge dopo il testo firmato, con data e ora</translation>
    </message>
    <message>
        <location line="+8"/>
        <location line="+1"/>
        <source>Save amendment</source>
        <translation>Salva integrazione</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cancel</source>
        <translation>Annulla</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel the amendment</source>
        <translation>Annulla l&apos;integrazione</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>No amendments.</source>
        <translation>Nessuna integrazione.</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Amendment of %1 at %2</source>
        <translation>Integrazione del %1 alle %2</translation>
    </message>
    <message>
        <location line="+72"/>
        <source>Amendment being written, recovered: save it or cancel it</source>
        <translation>Integrazione in corso recuperata: salvala o annullala</translation>
    </message>
</context>
<context>
    <name>AppController</name>
    <message>
        <location filename="../../ui/app.py" line="+275"/>
        <source>The profile could not be opened (%1).</source>
        <translation>Impossibile aprire il profilo (%1).</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>This version of Minori e Famiglie has upgraded your profile (schema %1, it was %2). Before the upgrade it saved a copy of the whole profile in:

%3

The copy opens with the same passphrase (Restore from a backup…).</source>
        <translation>Questa versione di Minori e Famiglie ha aggiornato il profilo (schema %1, prima era %2). Prima dell&apos;aggiornamento ha salvato una copia di sicurezza dell&apos;intero profilo in:

%3

La copia si apre con la stessa passphrase (Ripristina da un backup…).</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Profile upgraded</source>
        <translation>Profilo aggiornato</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Backup restored</source>
        <translation>Backup ripristinato</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n changes are waiting for their record: they will arrive with the next synchronisation.</source>
        <translation>
            <numerusform>%n modifica in attesa della sua scheda: arriverà con la prossima sincronizzazione.</numerusform>
            <numerusform>%n modifiche in attesa della loro scheda: arriveranno con la prossima sincronizzazione.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+150"/>
        <source>Minori e Famiglie</source>
        <translation>Minori e Famiglie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Minori e Famiglie is already open on this profile in another window. Use that window, or close it and start again.</source>
        <translation>Minori e Famiglie è già aperto su questo profilo in un&apos;altra finestra. Usare quella finestra, oppure chiuderla e riaprire l&apos;applicazione.</translation>
    </message>
</context>
<context>
    <name>AttachmentTableModel</name>
    <message>
        <location filename="../../ui/case_file/attachments.py" line="+34"/>
        <source>%1 bytes</source>
        <translation>%1 byte</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>PDF document</source>
        <translation>Documento PDF</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>JPEG image</source>
        <translation>Immagine JPEG</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PNG image</source>
        <translation>Immagine PNG</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+2"/>
        <source>Word document</source>
        <translation>Documento Word</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+2"/>
        <source>Text document</source>
        <translation>Documento di testo</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+2"/>
        <location line="+3"/>
        <location line="+2"/>
        <source>Spreadsheet</source>
        <translation>Foglio di calcolo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Text</source>
        <translation>Testo</translation>
    </message>
    <message>
        <location line="+13"/>
        <location line="+17"/>
        <source>File</source>
        <translation>File</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Size</source>
        <translation>Dimensione</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Added on</source>
        <translation>Aggiunto il</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Type</source>
        <translation>Tipo</translation>
    </message>
</context>
<context>
    <name>AttachmentsTab</name>
    <message>
        <location line="+15"/>
        <source>Attachments</source>
        <translation>Allegati</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Add file…</source>
        <translation>&amp;Aggiungi file…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Save as…</source>
        <translation>&amp;Salva con nome…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Save attachment as</source>
        <translation>Salva l&apos;allegato con nome</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Remove</source>
        <translation>&amp;Rimuovi</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Remove attachment</source>
        <translation>Rimuovi l&apos;allegato</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Stored encrypted in the case file; at most %1 MB</source>
        <translation>Conservato cifrato nella cartella; al massimo %1 MB</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Add a file to the case</source>
        <translation>Aggiungi un file alla cartella</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Adding…</source>
        <translation>Aggiunta in corso…</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Added %1</source>
        <translation>Aggiunto %1</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The file could not be read or written.</source>
        <translation>Impossibile leggere o scrivere il file.</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Save the attachment as</source>
        <translation>Salva l&apos;allegato con nome</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Saving…</source>
        <translation>Salvataggio…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Saved as %1</source>
        <translation>Salvato come %1</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Remove “%1”? The document is erased from the case file.</source>
        <translation>Rimuovere “%1”? Il documento viene cancellato dalla cartella.</translation>
    </message>
</context>
<context>
    <name>CalendarPage</name>
    <message>
        <location filename="../../ui/pages/calendar.py" line="+170"/>
        <source>Double-click to open</source>
        <translation>Doppio clic per aprire</translation>
    </message>
    <message>
        <location line="+275"/>
        <source>Previous</source>
        <translation>Precedente</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Today</source>
        <translation>&amp;Oggi</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Go to today</source>
        <translation>Vai a oggi</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Next</source>
        <translation>Successivo</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Only &amp;mine</source>
        <translation>Solo i m&amp;iei</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show only my visits</source>
        <translation>Mostra solo le mie visite</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Week</source>
        <translation>&amp;Settimana</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>M&amp;onth</source>
        <translation>&amp;Mese</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Week view</source>
        <translation>Vista settimanale</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Month view</source>
        <translation>Vista mensile</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Visit mode: only your own appointments, without cases or names, to find a free time for the next meeting.</source>
        <translation>Modalità visita: solo i tuoi appuntamenti, senza cartelle né nomi, per trovare un orario libero per il prossimo incontro.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Calendar</source>
        <translation>Calendario</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Previous week</source>
        <translation>Settimana precedente</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Previous month</source>
        <translation>Mese precedente</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Next week</source>
        <translation>Settimana successiva</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Next month</source>
        <translation>Mese successivo</translation>
    </message>
    <message numerus="yes">
        <location line="+57"/>
        <location line="+2"/>
        <source>%n visits and meetings</source>
        <translation>
            <numerusform>%n appuntamento</numerusform>
            <numerusform>%n appuntamenti</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CaseContentsWords</name>
    <message numerus="yes">
        <location filename="../../ui/case_contents.py" line="+20"/>
        <source>%n visit(s)</source>
        <translation>
            <numerusform>%n visita</numerusform>
            <numerusform>%n visite</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n other person(s)</source>
        <translation>
            <numerusform>%n altra persona</numerusform>
            <numerusform>%n altre persone</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n court measure(s)</source>
        <translation>
            <numerusform>%n provvedimento</numerusform>
            <numerusform>%n provvedimenti</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n service(s)</source>
        <translation>
            <numerusform>%n intervento</numerusform>
            <numerusform>%n interventi</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n goal(s)</source>
        <translation>
            <numerusform>%n obiettivo</numerusform>
            <numerusform>%n obiettivi</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n deadline(s)</source>
        <translation>
            <numerusform>%n scadenza</numerusform>
            <numerusform>%n scadenze</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n foster placement(s)</source>
        <translation>
            <numerusform>%n abbinamento</numerusform>
            <numerusform>%n abbinamenti</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n community placement(s)</source>
        <translation>
            <numerusform>%n inserimento in comunità</numerusform>
            <numerusform>%n inserimenti in comunità</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n attachment(s)</source>
        <translation>
            <numerusform>%n allegato</numerusform>
            <numerusform>%n allegati</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n printed blank sheet(s)</source>
        <translation>
            <numerusform>%n scheda cartacea stampata</numerusform>
            <numerusform>%n schede cartacee stampate</numerusform>
        </translation>
    </message>
    <message>
        <location line="+5"/>
        <source>contacts or notes of the child</source>
        <translation>recapiti o note del minore</translation>
    </message>
</context>
<context>
    <name>CaseDeadlineTableModel</name>
    <message>
        <location filename="../../ui/case_file/deadlines.py" line="+51"/>
        <source>Due on</source>
        <translation>Scade il</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>When</source>
        <translation>Quando</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Source</source>
        <translation>Origine</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Automatic</source>
        <translation>Automatica</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Manual</source>
        <translation>Manuale</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Deadline</source>
        <translation>Scadenza</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>done on %1 by %2</source>
        <translation>completata il %1 da %2</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>done on %1</source>
        <translation>completata il %1</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>overdue by %n days</source>
        <translation>
            <numerusform>scaduta da %n giorno</numerusform>
            <numerusform>scaduta da %n giorni</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>today</source>
        <translation>oggi</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>in %n days</source>
        <translation>
            <numerusform>tra %n giorno</numerusform>
            <numerusform>tra %n giorni</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CaseFileView</name>
    <message>
        <location filename="../../ui/case_file/view.py" line="+115"/>
        <source>← &amp;Back to the list</source>
        <translation>← Torna all&apos;&amp;elenco</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Back to the list of cases</source>
        <translation>Torna all&apos;elenco delle cartelle</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>New &amp;visit</source>
        <translation>Nuova &amp;visita</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New visit</source>
        <translation>Nuova visita</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Delete empty case…</source>
        <translation>Elimina cartella vuota…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Delete the empty case</source>
        <translation>Elimina la cartella vuota</translation>
    </message>
    <message>
        <location line="-27"/>
        <location line="+112"/>
        <source>Loading the case file…</source>
        <translation>Caricamento della cartella…</translation>
    </message>
    <message>
        <location line="-59"/>
        <source>Sections of the case file</source>
        <translation>Sezioni della cartella</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Persons</source>
        <translation>Anagrafica</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Court measures</source>
        <translation>Provvedimenti</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Services</source>
        <translation>Interventi</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Diary</source>
        <translation>Diario</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Plan</source>
        <translation>Progetto</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Placements</source>
        <translation>Collocamenti</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Deadlines</source>
        <translation>Scadenze</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Attachments</source>
        <translation>Allegati</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>History</source>
        <translation>Storico</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Case file</source>
        <translation>Cartella</translation>
    </message>
    <message>
        <location line="+89"/>
        <source>Referral source</source>
        <translation>Segnalazione da</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Not specified</source>
        <translation>Non indicata</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Title</source>
        <translation>Titolo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Summary</source>
        <translation>Sintesi</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>Stato</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Comune of residence</source>
        <translation>Comune di residenza</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Comune, e.g. Zogno</source>
        <translation>Comune, es. Zogno</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Opened on</source>
        <translation>Presa in carico il</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Closed on</source>
        <translation>Chiusa il</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Reason for closing</source>
        <translation>Motivo della chiusura</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Not given</source>
        <translation>Non indicato</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Edit case %1</source>
        <translation>Modifica cartella %1</translation>
    </message>
    <message>
        <location line="+56"/>
        <source>Delete empty case</source>
        <translation>Elimina cartella vuota</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Delete the case %1?

It holds nothing yet. It is removed from this computer and, with the next synchronisation, from the team&apos;s computers.</source>
        <translation>Eliminare la cartella %1?

Non contiene ancora nulla. Viene tolta da questo computer e, con la prossima sincronizzazione, dai computer dell&apos;équipe.</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>The case holds nothing yet: it can be deleted, here and, with the next synchronisation, on the team&apos;s computers</source>
        <translation>La cartella non contiene ancora nulla: si può eliminare, qui e, con la prossima sincronizzazione, sui computer dell&apos;équipe</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Only an empty case can be deleted; this one holds %1.</source>
        <translation>Si può eliminare solo una cartella vuota; questa contiene %1.</translation>
    </message>
</context>
<context>
    <name>CaseHeader</name>
    <message>
        <location filename="../../ui/case_file/header.py" line="+200"/>
        <source>Children</source>
        <translation>Minori</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Ambito</source>
        <translation>Ambito</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Services</source>
        <translation>Interventi</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Operators</source>
        <translation>Operatori</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Edit case…</source>
        <translation>Modifica cartella…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Edit the case</source>
        <translation>Modifica la cartella</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Operators…</source>
        <translation>Operatori…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Operators who follow the case</source>
        <translation>Operatori che seguono la cartella</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Hand over…</source>
        <translation>Passaggio di consegne…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Hand over the case file</source>
        <translation>Passaggio di consegne della cartella</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>An encrypted file of the case for the Ambito or another cooperative</source>
        <translation>Un file cifrato della cartella per l&apos;Ambito o per un&apos;altra cooperativa</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Case summary…</source>
        <translation>Sintesi della cartella…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Update report to the court…</source>
        <translation>Relazione di aggiornamento…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Facts, statements and evaluations of a period, as .odt or PDF</source>
        <translation>Fatti, dichiarazioni e valutazioni di un periodo, in .odt o PDF</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Blank sheet</source>
        <translation>Scheda in bianco</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A sheet to fill in by hand at a visit, with the case&apos;s header and a QR code</source>
        <translation>Una scheda da compilare a mano durante la visita, con l&apos;intestazione della cartella e un codice QR</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Print</source>
        <translation>Stampa</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Print a document of the case</source>
        <translation>Stampa un documento della cartella</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>on %1</source>
        <translation>il %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>opened %1</source>
        <translation>presa in carico il %1</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>No child recorded</source>
        <translation>Nessun minore registrato</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>None active</source>
        <translation>Nessuno attivo</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Reason for closing: not given</source>
        <translation>Motivo della chiusura: non indicato</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reason for closing: %1</source>
        <translation>Motivo della chiusura: %1</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>%1 — comune not given</source>
        <translation>%1 — comune non indicato</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 — comune of %2</source>
        <translation>%1 — comune di %2</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>%1 (born %2)</source>
        <comment>a girl</comment>
        <translation>%1 (nata il %2)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 (born %2)</source>
        <comment>a boy</comment>
        <translation>%1 (nato il %2)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 (born %2)</source>
        <translation>%1 (nato/a il %2)</translation>
    </message>
</context>
<context>
    <name>CasePrinting</name>
    <message>
        <location filename="../../ui/case_file/printing.py" line="+63"/>
        <source>Case summary %1</source>
        <translation>Sintesi della cartella %1</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>PDF documents (*.pdf)</source>
        <translation>Documenti PDF (*.pdf)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>OpenDocument texts (*.odt)</source>
        <translation>Testi OpenDocument (*.odt)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Save the update report</source>
        <translation>Salva la relazione di aggiornamento</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>Blank sheet %1</source>
        <translation>Scheda in bianco %1</translation>
    </message>
</context>
<context>
    <name>CaseTab</name>
    <message>
        <location filename="../../ui/case_file/base.py" line="+113"/>
        <source>Minori e Famiglie</source>
        <translation>Minori e Famiglie</translation>
    </message>
</context>
<context>
    <name>CaseTableModel</name>
    <message>
        <location filename="../../ui/models/case_table.py" line="+50"/>
        <source>Code</source>
        <translation>Codice</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Child(ren)</source>
        <translation>Minori</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ambito</source>
        <translation>Ambito</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Service</source>
        <translation>Servizio</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>Stato</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Opened</source>
        <translation>Apertura</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Found in</source>
        <translation>Trovato in</translation>
    </message>
    <message>
        <location line="+132"/>
        <source>Case code: %1</source>
        <translation>Codice cartella: %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Title: %1</source>
        <translation>Titolo: %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Visit note of %1: %2</source>
        <translation>Visita del %1: %2</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Codice fiscale of %1 (%2): %3</source>
        <translation>Codice fiscale di %1 (%2): %3</translation>
    </message>
</context>
<context>
    <name>CasesPage</name>
    <message>
        <location filename="../../ui/pages/cases.py" line="+127"/>
        <source>Search cases</source>
        <translation>Cerca cartelle</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Search names, case codes, codici fiscali and visit notes (Ctrl+F)</source>
        <translation>Cerca nomi, codici cartella, codici fiscali e note delle visite (Ctrl+F)</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+2"/>
        <source>New case</source>
        <translation>Nuova cartella</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open a new case file (Ctrl+Shift+N)</source>
        <translation>Apri una nuova cartella (Ctrl+Shift+N)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hand over…</source>
        <translation>Passaggio di consegne…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>An encrypted file of case files for the Ambito or another cooperative</source>
        <translation>Un file cifrato di cartelle per l&apos;Ambito o per un&apos;altra cooperativa</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Import…</source>
        <translation>Importa…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Import case files received in an encrypted file</source>
        <translation>Importa le cartelle ricevute in un file cifrato</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Filter by ambito</source>
        <translation>Filtra per ambito</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>All ambiti</source>
        <translation>Tutti gli ambiti</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Filter by service</source>
        <translation>Filtra per servizio</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>All services</source>
        <translation>Tutti i servizi</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Filter by status</source>
        <translation>Filtra per stato</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>All statuses</source>
        <translation>Tutti gli stati</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Filter by assigned operator</source>
        <translation>Filtra per operatore assegnato</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+130"/>
        <location line="+193"/>
        <source>All operators</source>
        <translation>Tutti gli operatori</translation>
    </message>
    <message>
        <location line="-310"/>
        <location line="+70"/>
        <source>Cases</source>
        <translation>Cartelle</translation>
    </message>
    <message>
        <location line="-43"/>
        <source>Visit mode is on: the list of cases is hidden so that no other family&apos;s names are on screen.
Turn visit mode off (F9) to see the cases again.</source>
        <translation>Modalità visita attiva: l&apos;elenco delle cartelle è nascosto perché sullo schermo non compaiano nomi di altre famiglie.
Disattiva la modalità visita (F9) per rivedere le cartelle.</translation>
    </message>
    <message numerus="yes">
        <location line="+191"/>
        <source>The first %Ln cases</source>
        <translation>
            <numerusform>La prima %Ln cartella</numerusform>
            <numerusform>Le prime %Ln cartelle</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+54"/>
        <source>1 case</source>
        <translation>1 cartella</translation>
    </message>
    <message numerus="yes">
        <location line="-54"/>
        <location line="+54"/>
        <source>%Ln cases</source>
        <translation>
            <numerusform>%Ln cartella</numerusform>
            <numerusform>%Ln cartelle</numerusform>
        </translation>
    </message>
    <message>
        <location line="+16"/>
        <source>No case matches the search and filters.</source>
        <translation>Nessuna cartella corrisponde alla ricerca e ai filtri.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No cases yet: create the first one with “New case”.</source>
        <translation>Ancora nessuna cartella: crea la prima con “Nuova cartella”.</translation>
    </message>
</context>
<context>
    <name>CommunitiesPanel</name>
    <message>
        <location filename="../../ui/community_forms.py" line="+18"/>
        <source>Last day in the community</source>
        <translation>Ultimo giorno in comunità</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Why it ended</source>
        <translation>Motivo della conclusione</translation>
    </message>
    <message>
        <location filename="../../ui/pages/communities.py" line="+33"/>
        <source>Report made on</source>
        <translation>Relazione del</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Communities</source>
        <translation>Comunità</translation>
    </message>
    <message>
        <location line="-7"/>
        <source>Kind of community</source>
        <translation>Tipo di comunità</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Any kind</source>
        <translation>Qualsiasi tipo</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>&amp;Kind:</source>
        <translation>&amp;Tipo:</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>&amp;New community…</source>
        <translation>&amp;Nuova comunità…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New community</source>
        <translation>Nuova comunità</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Edit community…</source>
        <translation>&amp;Modifica comunità…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Edit the selected community</source>
        <translation>Modifica la comunità selezionata</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Children placed in the community</source>
        <translation>Minori inseriti nella comunità</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>New &amp;placement…</source>
        <translation>Nuovo &amp;inserimento…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Place a child in the selected community</source>
        <translation>Inserisci un minore nella comunità selezionata</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Record report…</source>
        <translation>&amp;Registra relazione…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Record the six-monthly report on the selected child</source>
        <translation>Registra la relazione semestrale sul minore selezionato</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>En&amp;d placement…</source>
        <translation>&amp;Concludi inserimento…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>End the selected placement</source>
        <translation>Concludi l&apos;inserimento selezionato</translation>
    </message>
    <message>
        <location line="-6"/>
        <source>Double-click a placement to open its case.</source>
        <translation>Doppio clic su un inserimento per aprirne la cartella.</translation>
    </message>
    <message numerus="yes">
        <location line="+29"/>
        <source>%n communities</source>
        <translation>
            <numerusform>%n comunità</numerusform>
            <numerusform>%n comunità</numerusform>
        </translation>
    </message>
    <message>
        <location line="-30"/>
        <source>Placements</source>
        <translation>Inserimenti</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Children in %1</source>
        <translation>Minori inseriti in %1</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Name</source>
        <translation>Nome</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kind</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Places</source>
        <translation>Posti</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>How many children it can host</source>
        <translation>Quanti minori può accogliere</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Phone</source>
        <translation>Telefono</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Notes</source>
        <translation>Note</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Legal basis</source>
        <translation>Inserimento consensuale o giudiziale</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Start date</source>
        <translation>Data di inserimento</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Planned end</source>
        <translation>Conclusione prevista</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>New placement in %1</source>
        <translation>Nuovo inserimento in %1</translation>
    </message>
    <message>
        <location line="-63"/>
        <source>Choose the child to place.</source>
        <translation>Scegliere il minore da inserire.</translation>
    </message>
    <message>
        <location line="+76"/>
        <source>Six-monthly report on %1</source>
        <translation>Relazione semestrale su %1</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>End the placement of %1</source>
        <translation>Concludi l&apos;inserimento di %1</translation>
    </message>
</context>
<context>
    <name>CommunityPlacementTableModel</name>
    <message>
        <location filename="../../ui/models/community_table.py" line="+92"/>
        <source>Child</source>
        <translation>Minore</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Case</source>
        <translation>Cartella</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Community</source>
        <translation>Comunità</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Legal basis</source>
        <translation>Base</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Start</source>
        <translation>Inizio</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Planned end</source>
        <translation>Fine prevista</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last review</source>
        <translation>Ultima relazione</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Next review</source>
        <translation>Prossima relazione</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ended on</source>
        <translation>Concluso il</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Why it ended</source>
        <translation>Motivo della conclusione</translation>
    </message>
</context>
<context>
    <name>CommunityProjectsPage</name>
    <message>
        <location filename="../../ui/pages/projects.py" line="+76"/>
        <location line="+17"/>
        <source>Community projects</source>
        <translation>Progetti di comunità</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+195"/>
        <source>Ambito</source>
        <translation>Ambito</translation>
    </message>
    <message>
        <location line="-194"/>
        <source>All ambiti</source>
        <translation>Tutti gli ambiti</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Year</source>
        <translation>Anno</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Whole project</source>
        <translation>Tutto il progetto</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Ambito:</source>
        <translation>&amp;Ambito:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Year:</source>
        <translation>Ann&amp;o:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;New project…</source>
        <translation>&amp;Nuovo progetto…</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+210"/>
        <source>New community project</source>
        <translation>Nuovo progetto di comunità</translation>
    </message>
    <message>
        <location line="-209"/>
        <source>&amp;Edit project…</source>
        <translation>&amp;Modifica progetto…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Edit the selected project</source>
        <translation>Modifica il progetto selezionato</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Activities of the project</source>
        <translation>Attività del progetto</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>New ac&amp;tivity…</source>
        <translation>Nuova a&amp;ttività…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New activity of the selected project</source>
        <translation>Nuova attività del progetto selezionato</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Edit acti&amp;vity…</source>
        <translation>Modifica atti&amp;vità…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Edit the selected activity</source>
        <translation>Modifica l&apos;attività selezionata</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Delete activity</source>
        <translation>&amp;Elimina attività</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete the selected activity</source>
        <translation>Elimina l&apos;attività selezionata</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Only hours and the number of participants: never write names or other personal data of the participants here.</source>
        <translation>Solo ore e numero di partecipanti: non scrivere mai qui nomi o altri dati personali dei partecipanti.</translation>
    </message>
    <message numerus="yes">
        <location line="+29"/>
        <source>%n projects</source>
        <translation>
            <numerusform>%n progetto</numerusform>
            <numerusform>%n progetti</numerusform>
        </translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Activities of %1</source>
        <translation>Attività di %1</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Activities</source>
        <translation>Attività</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>%1 activities, %2 hours, %3 participants (presences)</source>
        <translation>%1 attività, %2 ore, %3 partecipanti (presenze)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>In %1: %2</source>
        <translation>Nel %1: %2</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Title</source>
        <translation>Titolo</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Comune</source>
        <translation>Comune</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>e.g. Scanzorosciate</source>
        <translation>es. Scanzorosciate</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Partners</source>
        <translation>Partner</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The Comune, cooperatives and associations of the project</source>
        <translation>Il Comune, le cooperative e le associazioni del progetto</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Start</source>
        <translation>Avvio</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>End</source>
        <translation>Conclusione</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Description</source>
        <translation>Descrizione</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Edit %1</source>
        <translation>Modifica %1</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Date</source>
        <translation>Data</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Duration (minutes)</source>
        <translation>Durata (minuti)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>e.g. 90</source>
        <translation>es. 90</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Participants</source>
        <translation>Partecipanti</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>How many took part</source>
        <translation>Quanti hanno partecipato</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Operator</source>
        <translation>Operatore</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This device&apos;s operator</source>
        <translation>L&apos;operatore di questo dispositivo</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>What was done</source>
        <translation>Attività svolta</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>e.g. Garden workshop with the middle school (no names)</source>
        <translation>es. Laboratorio di orto con la scuola media (senza nomi)</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>New activity of %1</source>
        <translation>Nuova attività di %1</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Activity of %1</source>
        <translation>Attività del %1</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Delete activity</source>
        <translation>Elimina attività</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete the activity of %1?</source>
        <translation>Eliminare l&apos;attività del %1?</translation>
    </message>
</context>
<context>
    <name>CommunityTableModel</name>
    <message>
        <location filename="../../ui/models/community_table.py" line="-59"/>
        <source>Community</source>
        <translation>Comunità</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kind</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Municipality</source>
        <translation>Comune</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ambito</source>
        <translation>Ambito</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Placed / places</source>
        <translation>Inseriti / posti</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Phone</source>
        <translation>Telefono</translation>
    </message>
</context>
<context>
    <name>ConflictSidePanel</name>
    <message>
        <location filename="../../ui/pages/conflicts.py" line="+84"/>
        <source>mine</source>
        <translation>mia</translation>
    </message>
</context>
<context>
    <name>ConflictTableModel</name>
    <message>
        <location filename="../../ui/models/conflict_table.py" line="+20"/>
        <source>Case</source>
        <translation>Cartella</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>What</source>
        <translation>Che cosa</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>What happened</source>
        <translation>Che cosa è successo</translation>
    </message>
</context>
<context>
    <name>ConflictsPage</name>
    <message>
        <location filename="../../ui/pages/conflicts.py" line="+24"/>
        <source>Two devices changed the same text before synchronising, or one deleted a record the other changed. Choose the version to keep, or write one that joins them: the choice reaches the others with the next synchronisation.</source>
        <translation>Due dispositivi hanno modificato lo stesso testo prima di sincronizzarsi, oppure uno ha eliminato un dato che l&apos;altro ha modificato. Scegli la versione da tenere, o scrivine una che le unisca: la scelta arriva agli altri con la prossima sincronizzazione.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Open conflicts</source>
        <translation>Conflitti aperti</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Visit mode: the conflicts are hidden.
Turn visit mode off (F9) to see them.</source>
        <translation>Modalità visita: i conflitti sono nascosti.
Disattiva la modalità visita (F9) per vederli.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>In effect</source>
        <translation>In vigore</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Other version</source>
        <translation>Altra versione</translation>
    </message>
    <message>
        <location line="+7"/>
        <location line="+7"/>
        <source>Merged text</source>
        <translation>Testo unito</translation>
    </message>
    <message>
        <location line="-6"/>
        <source>Save &amp;merged text</source>
        <translation>Salva testo &amp;unito</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Or write here a text that joins the two, and save it:</source>
        <translation>Oppure scrivi qui un testo che unisca le due versioni, e salvalo:</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Conflicts</source>
        <translation>Conflitti</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>No open conflicts.</source>
        <translation>Nessun conflitto aperto.</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n open conflict(s)</source>
        <translation>
            <numerusform>%n conflitto aperto</numerusform>
            <numerusform>%n conflitti aperti</numerusform>
        </translation>
    </message>
    <message>
        <location line="+35"/>
        <source>This record was deleted.</source>
        <translation>Questo record è stato eliminato.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Keep the &amp;deletion</source>
        <translation>Mantieni &amp;eliminazione</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Restore the record</source>
        <translation>&amp;Ripristina il record</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Keep this</source>
        <translation>&amp;Tieni questa</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>K&amp;eep this</source>
        <translation>T&amp;ieni questa</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>The case file %1 was deleted on this device while something was being written in it on another device%2: it has been restored.</source>
        <translation>La cartella %1 era stata eliminata su questo dispositivo mentre su un altro vi si scriveva%2: è stata ripristinata.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The case file %1 was deleted on another device while something was being written in it%2: it has been restored.</source>
        <translation>La cartella %1 era stata eliminata su un altro dispositivo mentre vi si scriveva%2: è stata ripristinata.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&amp;Keep the case file</source>
        <translation>&amp;Mantieni la cartella</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The case file had been deleted as empty.</source>
        <translation>La cartella era stata eliminata perché vuota.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>It can be deleted again only once it is empty: it now holds %1.</source>
        <translation>Si potrà eliminare di nuovo solo quando sarà vuota: ora contiene %1.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>something</source>
        <translation>qualcosa</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Delete it again</source>
        <translation>&amp;Eliminala di nuovo</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Written on this device</source>
        <translation>Scritta su questo dispositivo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Written on another device</source>
        <translation>Scritta su un altro dispositivo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Written by %1 on their device</source>
        <translation>Scritta da %1 sul suo dispositivo</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Deleted on this device</source>
        <translation>Eliminato su questo dispositivo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Deleted on another device</source>
        <translation>Eliminato su un altro dispositivo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Deleted by %1 on their device</source>
        <translation>Eliminato da %1 sul suo dispositivo</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Changed on this device</source>
        <translation>Modificato su questo dispositivo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Changed on another device</source>
        <translation>Modificato su un altro dispositivo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Changed by %1 on their device</source>
        <translation>Modificato da %1 sul suo dispositivo</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Restored on this device</source>
        <translation>Ripristinata su questo dispositivo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Restored on another device</source>
        <translation>Ripristinata su un altro dispositivo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Restored by %1 on their device</source>
        <translation>Ripristinata da %1 sul suo dispositivo</translation>
    </message>
</context>
<context>
    <name>CourtReportDialog</name>
    <message>
        <location filename="../../ui/printing/court_report_dialog.py" line="+33"/>
        <source>Update report to the court</source>
        <translation>Relazione di aggiornamento al Tribunale</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>From</source>
        <translation>Dal</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>To</source>
        <translation>Al</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Format</source>
        <translation>Formato</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Editable text (OpenDocument, .odt)</source>
        <translation>Testo modificabile (OpenDocument, .odt)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PDF</source>
        <translation>PDF</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The report gathers the verified facts, the statements and the professional evaluations of the signed visits of this period in three sections, with the PEI goals, the hours and the meetings:</source>
        <translation>La relazione raccoglie in tre sezioni i fatti accertati, le dichiarazioni e le valutazioni professionali delle visite firmate del periodo, con gli obiettivi del PEI, le ore e gli incontri:</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;From</source>
        <translation>&amp;Dal</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;To</source>
        <translation>&amp;Al</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>F&amp;ormat</source>
        <translation>F&amp;ormato</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Save…</source>
        <translation>Salva…</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>The end of the period must not be before its start.</source>
        <translation>La fine del periodo non può precedere l&apos;inizio.</translation>
    </message>
</context>
<context>
    <name>DateField</name>
    <message>
        <location filename="../../ui/date_field.py" line="+122"/>
        <source>dd/mm/yyyy</source>
        <translation>gg/mm/aaaa</translation>
    </message>
    <message>
        <location line="+16"/>
        <location line="+1"/>
        <source>Choose from the calendar</source>
        <translation>Scegli dal calendario</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Required</source>
        <translation>Obbligatorio</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Invalid date: use dd/mm/yyyy</source>
        <translation>Data non valida: usare gg/mm/aaaa</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Date before %1</source>
        <translation>Data anteriore al %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Date after %1</source>
        <translation>Data successiva al %1</translation>
    </message>
</context>
<context>
    <name>DayCell</name>
    <message numerus="yes">
        <location filename="../../ui/pages/calendar.py" line="-336"/>
        <source>+%n more</source>
        <translation>
            <numerusform>+%n altro</numerusform>
            <numerusform>+%n altri</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n more visits on this day</source>
        <translation>
            <numerusform>Ancora %n visita in questo giorno</numerusform>
            <numerusform>Altre %n visite in questo giorno</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DeadlineTableModel</name>
    <message>
        <location filename="../../ui/models/deadline_table.py" line="+29"/>
        <source>Due on</source>
        <translation>Scade il</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Days left</source>
        <translation>Giorni mancanti</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kind</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Case</source>
        <translation>Cartella</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Description</source>
        <translation>Descrizione</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>Done on %1 by %2</source>
        <translation>Completata il %1 da %2</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Done on %1</source>
        <translation>Completata il %1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Today</source>
        <translation>Oggi</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Tomorrow</source>
        <translation>Domani</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Overdue by 1 day</source>
        <translation>Scaduta da 1 giorno</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Overdue by %1 days</source>
        <translation>Scaduta da %1 giorni</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>In %1 days</source>
        <translation>Tra %1 giorni</translation>
    </message>
</context>
<context>
    <name>DeadlinesPage</name>
    <message>
        <location filename="../../ui/pages/deadlines.py" line="+60"/>
        <location line="+55"/>
        <source>Deadlines</source>
        <translation>Scadenze</translation>
    </message>
    <message>
        <location line="-51"/>
        <source>Visit mode: the deadlines of the cases are hidden.
Turn visit mode off (F9) to see them.</source>
        <translation>Modalità visita: le scadenze delle cartelle sono nascoste.
Disattiva la modalità visita (F9) per vederle.</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Period</source>
        <translation>Periodo</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Next year</source>
        <translation>Prossimi 12 mesi</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Next %1 days</source>
        <translation>Prossimi %1 giorni</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Kind of deadline</source>
        <translation>Tipo di scadenza</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>All kinds</source>
        <translation>Tutti i tipi</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Summary</source>
        <translation>Riepilogo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Period:</source>
        <translation>&amp;Periodo:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Kind:</source>
        <translation>&amp;Tipo:</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Loading…</source>
        <translation>Caricamento…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>No deadlines in the next %1 days.</source>
        <translation>Nessuna scadenza nei prossimi %1 giorni.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 deadlines in the next %2 days · %3 overdue</source>
        <translation>%1 scadenze nei prossimi %2 giorni · %3 scadute</translation>
    </message>
</context>
<context>
    <name>DeadlinesTab</name>
    <message>
        <location filename="../../ui/case_file/deadlines.py" line="+21"/>
        <source>Deadlines of the case</source>
        <translation>Scadenze della cartella</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Add deadline…</source>
        <translation>&amp;Aggiungi scadenza…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Mark done</source>
        <translation>&amp;Segna come completata</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show &amp;done</source>
        <translation>Mostra &amp;completate</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show the deadlines already done</source>
        <translation>Mostra le scadenze già completate</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>A report to the court is marked done by recording it as sent; other automatic deadlines end when their source changes (e.g. a plan reviewed)</source>
        <translation>Una relazione al Tribunale si segna come completata registrandola come inviata; le altre scadenze automatiche si chiudono quando cambia ciò da cui derivano (es. un obiettivo verificato)</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>New deadline</source>
        <translation>Nuova scadenza</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+20"/>
        <source>What is due</source>
        <translation>Descrizione</translation>
    </message>
    <message>
        <location line="-19"/>
        <location line="+20"/>
        <source>Due on</source>
        <translation>Scade il</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>Edit deadline</source>
        <translation>Modifica scadenza</translation>
    </message>
</context>
<context>
    <name>DeviceTableModel</name>
    <message>
        <location filename="../../ui/models/device_table.py" line="+37"/>
        <source>Operator</source>
        <translation>Operatore</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Role</source>
        <translation>Ruolo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Device</source>
        <translation>Dispositivo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fingerprint</source>
        <translation>Impronta</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>Stato</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>team coordinator</source>
        <translation>coordinatore dell&apos;équipe</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>this device</source>
        <translation>questo dispositivo</translation>
    </message>
</context>
<context>
    <name>DiaryTab</name>
    <message>
        <location filename="../../ui/case_file/diary.py" line="+73"/>
        <source>Diary of the visits</source>
        <translation>Diario delle visite</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;New visit</source>
        <translation>&amp;Nuova visita</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Open</source>
        <translation>&amp;Apri</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Open visit</source>
        <translation>Apri visita</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Filter by kind</source>
        <translation>Filtra per tipo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>All kinds</source>
        <translation>Tutti i tipi</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>&amp;Kind:</source>
        <translation>&amp;Tipo:</translation>
    </message>
    <message numerus="yes">
        <location line="+23"/>
        <source>%n visit(s)</source>
        <translation>
            <numerusform>%n visita</numerusform>
            <numerusform>%n visite</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DiaryTableModel</name>
    <message>
        <location line="-69"/>
        <source>Date</source>
        <translation>Data</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Time</source>
        <translation>Orario</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Kind</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>Stato</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Outcome</source>
        <translation>Esito</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Amendments</source>
        <translation>Integrazioni</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Notes</source>
        <translation>Descrizione</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <location filename="../../ui/common.py" line="+65"/>
        <source>Unexpected error (%1): nothing was saved halfway.</source>
        <translation>Errore imprevisto (%1): nessun dato è stato salvato a metà.</translation>
    </message>
    <message>
        <location line="+80"/>
        <source>Minori e Famiglie</source>
        <translation>Minori e Famiglie</translation>
    </message>
</context>
<context>
    <name>FamiliesPage</name>
    <message>
        <location filename="../../ui/pages/families.py" line="+61"/>
        <location line="+56"/>
        <source>Foster families</source>
        <translation>Famiglie affidatarie</translation>
    </message>
    <message>
        <location line="-38"/>
        <source>Visit mode: the registry of foster families and communities is hidden.
Turn visit mode off (F9) to see it.</source>
        <translation>Modalità visita: il registro delle famiglie affidatarie e delle comunità è nascosto.
Disattivare la modalità visita (F9) per vederlo.</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>Communities</source>
        <translation>Comunità</translation>
    </message>
    <message>
        <location line="-71"/>
        <location line="+123"/>
        <source>Status</source>
        <translation>Stato</translation>
    </message>
    <message>
        <location line="-123"/>
        <source>Any status</source>
        <translation>Qualsiasi stato</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+118"/>
        <source>Availability</source>
        <translation>Disponibilità</translation>
    </message>
    <message>
        <location line="-117"/>
        <source>Any availability</source>
        <translation>Qualsiasi disponibilità</translation>
    </message>
    <message>
        <location line="-5"/>
        <source>&amp;Status:</source>
        <translation>&amp;Stato:</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>A&amp;vailability:</source>
        <translation>&amp;Disponibilità:</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>&amp;New family…</source>
        <translation>&amp;Nuova famiglia…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New foster family</source>
        <translation>Nuova famiglia affidataria</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Edit family…</source>
        <translation>&amp;Modifica famiglia…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Edit the selected family</source>
        <translation>Modifica la famiglia selezionata</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Placements of the family</source>
        <translation>Abbinamenti della famiglia</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Record review…</source>
        <translation>&amp;Registra verifica…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Record the six-monthly review of the selected placement</source>
        <translation>Registra la verifica semestrale dell&apos;affido selezionato</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>E&amp;nd placement…</source>
        <translation>&amp;Concludi affido…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>End the selected placement, saying why</source>
        <translation>Conclude l&apos;affido selezionato, indicandone il motivo</translation>
    </message>
    <message>
        <location line="-5"/>
        <source>New &amp;placement…</source>
        <translation>Nuovo &amp;abbinamento…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Place a child with the selected family</source>
        <translation>Abbina un minore alla famiglia selezionata</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>Double-click a placement to open its case.</source>
        <translation>Doppio clic su un abbinamento per aprirne la cartella.</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Families and communities</source>
        <translation>Famiglie e comunità</translation>
    </message>
    <message numerus="yes">
        <location line="+23"/>
        <source>%n families</source>
        <translation>
            <numerusform>%n famiglia</numerusform>
            <numerusform>%n famiglie</numerusform>
        </translation>
    </message>
    <message>
        <location line="-46"/>
        <source>Placements</source>
        <translation>Abbinamenti</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>Placements of %1</source>
        <translation>Abbinamenti di %1</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The family has withdrawn: it cannot host a child.</source>
        <translation>La famiglia si è ritirata: non può accogliere minori.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Family name</source>
        <translation>Nome della famiglia</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Members</source>
        <translation>Componenti</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Who lives in the household, and their ages</source>
        <translation>Chi vive nel nucleo, con le età</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Training completed on</source>
        <translation>Formazione conclusa il</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Notes</source>
        <translation>Note</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>Six-monthly review of %1</source>
        <translation>Verifica semestrale di %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Review held on</source>
        <translation>Verifica svolta il</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>End of the placement of %1</source>
        <translation>Conclusione dell&apos;affido di %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Ended on</source>
        <translation>Concluso il</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Why it ended</source>
        <translation>Motivo della conclusione</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>(choose)</source>
        <translation>(scegliere)</translation>
    </message>
    <message>
        <location line="-39"/>
        <source>Legal basis</source>
        <translation>Natura</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kind</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Schedule</source>
        <translation>Modalità</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Start date</source>
        <translation>Data di inizio</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Planned end</source>
        <translation>Fine prevista</translation>
    </message>
    <message>
        <location line="-6"/>
        <source>New placement with %1</source>
        <translation>Nuovo abbinamento con %1</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>If not set, the placement lasts 24 months from its start.</source>
        <translation>Se non indicata, l&apos;affido dura 24 mesi dall&apos;inizio.</translation>
    </message>
    <message>
        <location line="-98"/>
        <source>Choose the child to place.</source>
        <translation>Scegli il minore da abbinare.</translation>
    </message>
</context>
<context>
    <name>FamilyTableModel</name>
    <message>
        <location filename="../../ui/models/family_table.py" line="+31"/>
        <source>Family</source>
        <translation>Famiglia</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Municipality</source>
        <translation>Comune</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ambito</source>
        <translation>Ambito</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Availability</source>
        <translation>Disponibilità</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>Stato</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Training completed</source>
        <translation>Formazione conclusa</translation>
    </message>
</context>
<context>
    <name>FileDialogs</name>
    <message>
        <location filename="../../ui/file_dialogs.py" line="+219"/>
        <source>Checking the folder…</source>
        <translation>Controllo della cartella…</translation>
    </message>
</context>
<context>
    <name>FingerprintDialog</name>
    <message>
        <location filename="../../ui/dialogs/team.py" line="-75"/>
        <source>Compare the fingerprints</source>
        <translation>Confronta le impronte</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Close</source>
        <translation>Chiudi</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The request to join has been left in the shared folder. Call the coordinator and read out this device&apos;s fingerprint: it must match, character by character, what the coordinator sees before admitting it.</source>
        <translation>La richiesta di adesione è stata lasciata nella cartella condivisa. Telefona al coordinatore e leggigli l&apos;impronta di questo dispositivo: deve corrispondere, carattere per carattere, a quella che il coordinatore vede prima di ammetterlo.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>This device&apos;s fingerprint:</source>
        <translation>Impronta di questo dispositivo:</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The coordinator&apos;s fingerprint (ask them to read out theirs):</source>
        <translation>Impronta del coordinatore (chiedigli di leggerti la sua):</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>If either differs, do not go on: someone else may have written in the shared folder.</source>
        <translation>Se una delle due è diversa, non proseguire: qualcun altro potrebbe aver scritto nella cartella condivisa.</translation>
    </message>
</context>
<context>
    <name>FirstRunWizard</name>
    <message>
        <location filename="../../ui/first_run.py" line="+171"/>
        <source>Minori e Famiglie — First start</source>
        <translation>Minori e Famiglie — Primo avvio</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Create profile</source>
        <translation>Crea profilo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Next &gt;</source>
        <translation>Avanti &gt;</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&lt; Back</source>
        <translation>&lt; Indietro</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel</source>
        <translation>Annulla</translation>
    </message>
</context>
<context>
    <name>GoalActionTableModel</name>
    <message>
        <location filename="../../ui/case_file/goal_actions.py" line="+32"/>
        <source>Action</source>
        <translation>Azione</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Who</source>
        <translation>Chi</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>By</source>
        <translation>Entro il</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Done on</source>
        <translation>Svolta il</translation>
    </message>
</context>
<context>
    <name>GoalActionsPanel</name>
    <message>
        <location line="+19"/>
        <source>Action</source>
        <translation>Azione</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Who takes care of it</source>
        <translation>Chi se ne occupa</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>e.g. educator, mother, school</source>
        <translation>es. educatrice, madre, scuola</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>By</source>
        <translation>Entro il</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Done on</source>
        <translation>Svolta il</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Actions of the goal</source>
        <translation>Azioni dell&apos;obiettivo</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Add a&amp;ction…</source>
        <translation>Aggiungi a&amp;zione…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Add an action to the goal</source>
        <translation>Aggiungi un&apos;azione all&apos;obiettivo</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Edit ac&amp;tion…</source>
        <translation>Modifica azio&amp;ne…</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+76"/>
        <source>Edit action</source>
        <translation>Modifica azione</translation>
    </message>
    <message>
        <location line="-73"/>
        <source>Mark &amp;done</source>
        <translation>Segna come &amp;svolta</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Mark the action as done</source>
        <translation>Segna l&apos;azione come svolta</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Remove actio&amp;n</source>
        <translation>Elimina a&amp;zione</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Remove action</source>
        <translation>Elimina azione</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Actions: select a goal</source>
        <translation>Azioni: selezionare un obiettivo</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Actions of “%1”</source>
        <translation>Azioni di «%1»</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>New action for “%1”</source>
        <translation>Nuova azione per «%1»</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>Remove the action “%1”?</source>
        <translation>Eliminare l&apos;azione «%1»?</translation>
    </message>
</context>
<context>
    <name>GoalTableModel</name>
    <message>
        <location filename="../../ui/case_file/goals.py" line="+37"/>
        <source>Plan</source>
        <translation>Progetto</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Goal</source>
        <translation>Obiettivo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>Stato</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Review on</source>
        <translation>Verifica il</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Indicators</source>
        <translation>Indicatori</translation>
    </message>
</context>
<context>
    <name>GoalsTab</name>
    <message>
        <location line="+25"/>
        <source>Plan</source>
        <translation>Progetto</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Goal</source>
        <translation>Obiettivo</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Description</source>
        <translation>Descrizione</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Indicators</source>
        <translation>Indicatori</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Status</source>
        <translation>Stato</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Review on</source>
        <translation>Verifica il</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Goals of the plan</source>
        <translation>Obiettivi del progetto</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Add goal…</source>
        <translation>&amp;Aggiungi obiettivo…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Edit…</source>
        <translation>&amp;Modifica…</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+92"/>
        <source>Edit goal</source>
        <translation>Modifica obiettivo</translation>
    </message>
    <message>
        <location line="-90"/>
        <source>&amp;Remove</source>
        <translation>&amp;Rimuovi</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Remove goal</source>
        <translation>Rimuovi obiettivo</translation>
    </message>
    <message>
        <location line="+69"/>
        <source>New goal</source>
        <translation>Nuovo obiettivo</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Remove the goal “%1” and its actions?</source>
        <translation>Eliminare l&apos;obiettivo «%1» e le sue azioni?</translation>
    </message>
</context>
<context>
    <name>Handoff</name>
    <message>
        <location filename="../../ui/dialogs/handoff_common.py" line="+44"/>
        <source>Reading the case files…</source>
        <translation>Lettura delle cartelle…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Writing the case summaries…</source>
        <translation>Preparazione delle sintesi delle cartelle…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Encrypting…</source>
        <translation>Cifratura…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Writing the file…</source>
        <translation>Scrittura del file…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Decrypting…</source>
        <translation>Decifratura…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Checking the contents…</source>
        <translation>Controllo del contenuto…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Comparing with this computer&apos;s records…</source>
        <translation>Confronto con i dati di questo computer…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>%1 MB</source>
        <translation>%1 MB</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 kB</source>
        <translation>%1 kB</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 bytes</source>
        <translation>%1 byte</translation>
    </message>
</context>
<context>
    <name>HandoffExportDialog</name>
    <message>
        <location filename="../../ui/dialogs/handoff_export.py" line="+88"/>
        <source>Hand over case files</source>
        <translation>Passaggio di consegne</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>File to write</source>
        <translation>File da scrivere</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Where to save the hand-off file</source>
        <translation>Dove salvare il file del passaggio di consegne</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>&amp;File</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Filter the case files</source>
        <translation>Filtra le cartelle</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Filter by case code, title or child&apos;s name</source>
        <translation>Filtra per codice, titolo o nome del minore</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Case files to hand over</source>
        <translation>Cartelle da consegnare</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Case files</source>
        <translation>Cartelle</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>A &amp;device of the team</source>
        <translation>Un &amp;dispositivo dell&apos;équipe</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Device of the team</source>
        <translation>Dispositivo dell&apos;équipe</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>age1… (sent to you by the recipient)</source>
        <translation>age1… (te la manda il destinatario)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A pass&amp;phrase</source>
        <translation>Una pass&amp;phrase</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Passphrase of the file</source>
        <translation>Passphrase del file</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Passphrase of the file, again</source>
        <translation>Passphrase del file, di nuovo</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>again</source>
        <translation>di nuovo</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Who can open the file</source>
        <translation>Chi potrà aprire il file</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Tell the passphrase by phone or in person, never in the same e-mail as the file.</source>
        <translation>Comunica la passphrase a voce o per telefono, mai nella stessa e-mail del file.</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Cancel</source>
        <translation>Annulla</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>← &amp;Back</source>
        <translation>← &amp;Indietro</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Next: check what will be exported</source>
        <translation>&amp;Avanti: controlla cosa verrà esportato</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Export</source>
        <translation>&amp;Esporta</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Close</source>
        <translation>Chiudi</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>Fingerprint %1</source>
        <translation>Impronta %1</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>(no other device in the team)</source>
        <translation>(nessun altro dispositivo nell&apos;équipe)</translation>
    </message>
    <message numerus="yes">
        <location line="+29"/>
        <source>%n case file(s) chosen</source>
        <translation>
            <numerusform>%n cartella scelta</numerusform>
            <numerusform>%n cartelle scelte</numerusform>
        </translation>
    </message>
    <message>
        <location line="+0"/>
        <source>None chosen yet</source>
        <translation>Nessuna cartella scelta</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Choose at least one case file.</source>
        <translation>Scegli almeno una cartella.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Choose the device of the team.</source>
        <translation>Scegli il dispositivo dell&apos;équipe.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1, on the device “%2”</source>
        <translation>%1, sul dispositivo «%2»</translation>
    </message>
    <message>
        <location line="-250"/>
        <source>Encrypted files (*.age)</source>
        <translation>File cifrati (*.age)</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>The &amp;encryption key of the recipient&apos;s device</source>
        <translation>La chiave di &amp;cifratura del dispositivo del destinatario</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Encryption key of the recipient&apos;s device</source>
        <translation>Chiave di cifratura del dispositivo del destinatario</translation>
    </message>
    <message>
        <location line="+210"/>
        <source>Paste the encryption key of the recipient&apos;s device (it begins with age1).</source>
        <translation>Incolla la chiave di cifratura del dispositivo del destinatario (inizia con age1).</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>whoever holds the key %1</source>
        <translation>chi possiede la chiave %1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The two passphrases differ.</source>
        <translation>Le due passphrase non coincidono.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>whoever knows the passphrase</source>
        <translation>chi conosce la passphrase</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Choose where to save the file.</source>
        <translation>Scegli dove salvare il file.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>The folder of the file does not exist (is the USB stick plugged in?).</source>
        <translation>La cartella del file non esiste (la chiavetta USB è inserita?).</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Give the file a name, not only a folder.</source>
        <translation>Dai un nome al file, non solo una cartella.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A file with this name already exists: choose another name.</source>
        <translation>Esiste già un file con questo nome: scegline un altro.</translation>
    </message>
    <message numerus="yes">
        <location line="+46"/>
        <source>%n case file(s) will be exported for &lt;b&gt;%1&lt;/b&gt;:</source>
        <translation>
            <numerusform>Verrà esportata %n cartella per &lt;b&gt;%1&lt;/b&gt;:</numerusform>
            <numerusform>Verranno esportate %n cartelle per &lt;b&gt;%1&lt;/b&gt;:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+6"/>
        <source>%n person(s)</source>
        <translation>
            <numerusform>%n persona</numerusform>
            <numerusform>%n persone</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n visit(s)</source>
        <translation>
            <numerusform>%n visita</numerusform>
            <numerusform>%n visite</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n court measure(s)</source>
        <translation>
            <numerusform>%n provvedimento</numerusform>
            <numerusform>%n provvedimenti</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n attachment(s)</source>
        <translation>
            <numerusform>%n allegato</numerusform>
            <numerusform>%n allegati</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>— %n still a draft, not signed</source>
        <translation>
            <numerusform>— %n ancora in bozza, non firmata</numerusform>
            <numerusform>— %n ancora in bozza, non firmate</numerusform>
        </translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Each case file goes with its case summary in PDF. The file is encrypted: it opens with this application or with the age tool and unzip.</source>
        <translation>Ogni cartella è accompagnata dalla sua sintesi in PDF. Il file è cifrato: si apre con questa applicazione oppure con il programma age e unzip.</translation>
    </message>
    <message numerus="yes">
        <location line="+11"/>
        <source>%n attachment(s) have not reached this computer yet: only their name and details will go, not the file.</source>
        <translation>
            <numerusform>%n allegato non è ancora arrivato su questo computer: partiranno il nome e i dati, non il file.</numerusform>
            <numerusform>%n allegati non sono ancora arrivati su questo computer: partiranno il nome e i dati, non i file.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The file: %1</source>
        <translation>Il file: %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The export is recorded in the history of each case file.</source>
        <translation>L&apos;esportazione resta registrata nello storico di ogni cartella.</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Exported.</source>
        <translation>Esportazione completata.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Without this application: age -d %1 &gt; consegna.zip (it asks the passphrase)</source>
        <translation>Senza questa applicazione: age -d %1 &gt; consegna.zip (chiede la passphrase)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Without this application: age -d -i KEY-FILE %1 &gt; consegna.zip</source>
        <translation>Senza questa applicazione: age -d -i FILE-CHIAVE %1 &gt; consegna.zip</translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>%n case file(s) in %1 (%2).</source>
        <translation>
            <numerusform>%n cartella in %1 (%2).</numerusform>
            <numerusform>%n cartelle in %1 (%2).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>HandoffImportDialog</name>
    <message>
        <location filename="../../ui/dialogs/handoff_import.py" line="+51"/>
        <source>Import received case files</source>
        <translation>Importa cartelle ricevute</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>A colleague or the Ambito sent you case files in an encrypted file (.age). Nothing is imported before you have seen what it holds; records this computer already has stay as they are.</source>
        <translation>Un collega o l&apos;Ambito ti ha mandato delle cartelle in un file cifrato (.age). Non si importa nulla prima che tu abbia visto cosa contiene; i dati già presenti su questo computer restano come sono.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>File received</source>
        <translation>File ricevuto</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The hand-off file received</source>
        <translation>Il file del passaggio di consegne ricevuto</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Encrypted files (*.age)</source>
        <translation>File cifrati (*.age)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;File</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>This computer&apos;s &amp;key (sent to it by the team)</source>
        <translation>La &amp;chiave di questo computer (file inviato dall&apos;équipe)</translation>
    </message>
    <message>
        <location line="-34"/>
        <location line="+39"/>
        <source>All files (*)</source>
        <translation>Tutti i file (*)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The pass&amp;phrase of the file</source>
        <translation>La pass&amp;phrase del file</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Passphrase of the file</source>
        <translation>Passphrase del file</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>What opens it</source>
        <translation>Con che cosa aprirlo</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Cancel</source>
        <translation>Annulla</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Open and check</source>
        <translation>&amp;Apri e controlla</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Import</source>
        <translation>&amp;Importa</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Close</source>
        <translation>Chiudi</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Choose the file received.</source>
        <translation>Scegli il file ricevuto.</translation>
    </message>
    <message>
        <location line="-82"/>
        <source>A &amp;key file (for example the recovery key)</source>
        <translation>Un file con la &amp;chiave (per esempio la chiave di recupero)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Key file</source>
        <translation>File della chiave</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The key file</source>
        <translation>Il file della chiave</translation>
    </message>
    <message>
        <location line="+86"/>
        <source>Choose the key file.</source>
        <translation>Scegli il file della chiave.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Type the passphrase of the file.</source>
        <translation>Scrivi la passphrase del file.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Choose what opens the file.</source>
        <translation>Scegli con che cosa aprire il file.</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>Opened and checked: nothing imported yet.</source>
        <translation>Aperto e controllato: non è ancora stato importato nulla.</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>The file holds %n case file(s): %1.</source>
        <translation>
            <numerusform>Il file contiene %n cartella: %1.</numerusform>
            <numerusform>Il file contiene %n cartelle: %1.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+7"/>
        <location line="+71"/>
        <source>New on this computer: %1.</source>
        <translation>Nuovi su questo computer: %1.</translation>
    </message>
    <message numerus="yes">
        <location line="-65"/>
        <source>%n of these case file(s) is already here: only what it lacks is added, nothing already here is changed.</source>
        <translation>
            <numerusform>%n di queste cartelle è già qui: si aggiunge solo ciò che manca, niente di ciò che c&apos;è viene modificato.</numerusform>
            <numerusform>%n di queste cartelle sono già qui: si aggiunge solo ciò che manca, niente di ciò che c&apos;è viene modificato.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Everything in it is already on this computer: nothing to import.</source>
        <translation>Tutto il contenuto è già su questo computer: niente da importare.</translation>
    </message>
    <message numerus="yes">
        <location line="+18"/>
        <source>%n case file(s)</source>
        <translation>
            <numerusform>%n cartella</numerusform>
            <numerusform>%n cartelle</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n person(s)</source>
        <translation>
            <numerusform>%n persona</numerusform>
            <numerusform>%n persone</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n visit(s)</source>
        <translation>
            <numerusform>%n visita</numerusform>
            <numerusform>%n visite</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n court measure(s)</source>
        <translation>
            <numerusform>%n provvedimento</numerusform>
            <numerusform>%n provvedimenti</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n goal(s)</source>
        <translation>
            <numerusform>%n obiettivo</numerusform>
            <numerusform>%n obiettivi</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n deadline(s)</source>
        <translation>
            <numerusform>%n scadenza</numerusform>
            <numerusform>%n scadenze</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%n attachment(s)</source>
        <translation>
            <numerusform>%n allegato</numerusform>
            <numerusform>%n allegati</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+9"/>
        <source>%n other record(s)</source>
        <translation>
            <numerusform>%n altro dato</numerusform>
            <numerusform>%n altri dati</numerusform>
        </translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Imported.</source>
        <translation>Importazione completata.</translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>%n case file(s) imported: %1.</source>
        <translation>
            <numerusform>%n cartella importata: %1.</numerusform>
            <numerusform>%n cartelle importate: %1.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>HistoryTab</name>
    <message>
        <location filename="../../ui/case_file/history.py" line="+69"/>
        <source>History of the case</source>
        <translation>Storico della cartella</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Who opened, changed, printed or exported this case file, newest first.</source>
        <translation>Chi ha aperto, modificato, stampato o esportato questa cartella, dal più recente.</translation>
    </message>
</context>
<context>
    <name>HistoryTableModel</name>
    <message>
        <location line="-45"/>
        <source>Viewed</source>
        <translation>Consultazione</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Created</source>
        <translation>Creazione</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Changed</source>
        <translation>Modifica</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Removed</source>
        <translation>Rimozione</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Closed and signed</source>
        <translation>Chiusura e firma</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Amendment added</source>
        <translation>Aggiunta di un&apos;integrazione</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Exported</source>
        <translation>Esportazione</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Imported</source>
        <translation>Importato</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Printed</source>
        <translation>Stampa</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unlocked</source>
        <translation>Sblocco</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Failed unlock</source>
        <translation>Sblocco non riuscito</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Passphrase changed</source>
        <translation>Cambio della passphrase</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Profile created</source>
        <translation>Creazione del profilo</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Synchronised</source>
        <translation>Sincronizzato</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Team changed</source>
        <translation>Équipe modificata</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Conflict resolved</source>
        <translation>Conflitto risolto</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="+226"/>
        <source>Case file</source>
        <translation>Cartella</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Assigned operator</source>
        <translation>Operatore assegnato</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Person</source>
        <translation>Persona</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Person in the case</source>
        <translation>Persona della cartella</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Court measure</source>
        <translation>Provvedimento</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Service</source>
        <translation>Intervento</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Visit</source>
        <translation>Visita</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Amendment</source>
        <translation>Integrazione</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Goal</source>
        <translation>Obiettivo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Deadline</source>
        <translation>Scadenza</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Foster family</source>
        <translation>Famiglia affidataria</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Foster placement</source>
        <translation>Abbinamento</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Attachment</source>
        <translation>Allegato</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Conflict</source>
        <translation>Conflitto</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hand-over file</source>
        <translation>File di passaggio di consegne</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Paper sheet</source>
        <translation>Scheda cartacea</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Other record</source>
        <translation>Altro dato</translation>
    </message>
    <message>
        <location filename="../../ui/case_file/history.py" line="+9"/>
        <source>When</source>
        <translation>Quando</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Who</source>
        <translation>Chi</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>(system)</source>
        <translation>(sistema)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Action</source>
        <translation>Azione</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>What</source>
        <translation>Cosa</translation>
    </message>
</context>
<context>
    <name>HoursReportPage</name>
    <message>
        <location filename="../../ui/pages/hours.py" line="+68"/>
        <source>Hours of the month</source>
        <translation>Ore del mese</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Visit mode is on: the hours of the cases are hidden.
Turn visit mode off (F9) to see them again.</source>
        <translation>La modalità visita è attiva: le ore delle cartelle sono nascoste.
Disattiva la modalità visita (F9) per vederle di nuovo.</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>Overlapping visits</source>
        <translation>Visite sovrapposte</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>%1 · %2 · %3 · %4 and %5: %6 min counted once</source>
        <translation>%1 · %2 · %3 · %4 e %5: %6 min contati una volta sola</translation>
    </message>
    <message numerus="yes">
        <location line="+14"/>
        <source>%n overlapping visits of one operator on one case, their common time counted once:</source>
        <translation>
            <numerusform>%n sovrapposizione tra visite dello stesso operatore sulla stessa cartella, il tempo in comune contato una volta sola:</numerusform>
            <numerusform>%n sovrapposizioni tra visite dello stesso operatore sulla stessa cartella, il tempo in comune contato una volta sola:</numerusform>
        </translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Month</source>
        <translation>Mese</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Ambito</source>
        <translation>Ambito</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>All ambiti</source>
        <translation>Tutti gli ambiti</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Month</source>
        <translation>&amp;Mese</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Ambito</source>
        <translation>&amp;Ambito</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>&amp;Preview and print</source>
        <translation>&amp;Anteprima e stampa</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Save P&amp;DF…</source>
        <translation>Salva P&amp;DF…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Save &amp;CSV…</source>
        <translation>Salva &amp;CSV…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>For a spreadsheet: separated by ;, decimal comma</source>
        <translation>Per un foglio di calcolo: separato da ;, virgola decimale</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Hours report</source>
        <translation>Rendicontazione</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>%1 to %2: %3 hours delivered of %4 authorised, %5 visits, %6 cancelled.</source>
        <translation>Dal %1 al %2: %3 ore erogate su %4 autorizzate, %5 visite, %6 annullate.</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Hours report %1</source>
        <translation>Rendicontazione ore %1</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>Save PDF</source>
        <translation>Salva PDF</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Save CSV</source>
        <translation>Salva CSV</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>CSV files (*.csv)</source>
        <translation>File CSV (*.csv)</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Saved as %1, the totals as %2.</source>
        <translation>Salvato come %1, i totali come %2.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Saved as %1.</source>
        <translation>Salvato come %1.</translation>
    </message>
</context>
<context>
    <name>HoursTableModel</name>
    <message>
        <location filename="../../ui/models/hours_table.py" line="+46"/>
        <source>Service total</source>
        <translation>Totale servizio</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ambito total</source>
        <translation>Totale ambito</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Overall total</source>
        <translation>Totale complessivo</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Ambito</source>
        <translation>Ambito</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Service</source>
        <translation>Servizio</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Case</source>
        <translation>Cartella</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Comune</source>
        <translation>Comune</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Operator</source>
        <translation>Operatore</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Authorised</source>
        <translation>Autorizzate</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Direct</source>
        <translation>Dirette</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Indirect</source>
        <translation>Indirette</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delivered</source>
        <translation>Erogate</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Visits</source>
        <translation>Visite</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancelled</source>
        <translation>Annullate</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <location filename="../../ui/first_run.py" line="+43"/>
        <source>Too short</source>
        <translation>Troppo corta</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Weak</source>
        <translation>Debole</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fair</source>
        <translation>Discreta</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Good</source>
        <translation>Buona</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Strong</source>
        <translation>Robusta</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="-228"/>
        <source>Educator</source>
        <translation>Educatore</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Social worker</source>
        <translation>Assistente sociale</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Coordinator</source>
        <translation>Coordinatore</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Psychologist</source>
        <translation>Psicologo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Child protection</source>
        <translation>Tutela minori</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Foster care</source>
        <translation>Affido familiare</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Home educational support</source>
        <translation>Assistenza domiciliare minori</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tutoring</source>
        <translation>Tutoring</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Facilitated meetings</source>
        <translation>Incontri facilitati</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Care leavers</source>
        <translation>Neomaggiorenni</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Vulnerable families</source>
        <translation>Famiglie fragili</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open</source>
        <translation>Aperta</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+112"/>
        <source>Suspended</source>
        <translation>Sospesa</translation>
    </message>
    <message>
        <location line="-111"/>
        <location line="+147"/>
        <source>Closed</source>
        <translation>Chiusa</translation>
    </message>
    <message>
        <location line="-146"/>
        <source>Judicial authority</source>
        <translation>Autorità giudiziaria</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+49"/>
        <source>School</source>
        <translation>Scuola</translation>
    </message>
    <message>
        <location line="-48"/>
        <source>Health services</source>
        <translation>Servizi sanitari</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Police</source>
        <translation>Forze dell&apos;ordine</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Family (self-referral)</source>
        <translation>Famiglia (accesso spontaneo)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Social services</source>
        <translation>Servizi sociali</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+10"/>
        <location line="+25"/>
        <source>Other</source>
        <translation>Altro</translation>
    </message>
    <message>
        <location line="-34"/>
        <source>Female</source>
        <translation>Femmina</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Male</source>
        <translation>Maschio</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Child in care</source>
        <translation>Minore in carico</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mother</source>
        <translation>Madre</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Father</source>
        <translation>Padre</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Guardian</source>
        <translation>Tutore</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Special curator</source>
        <translation>Curatore speciale</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Foster carer</source>
        <translation>Affidatario</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Brother/sister</source>
        <translation>Fratello/sorella</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Juvenile court</source>
        <translation>Tribunale per i Minorenni</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ordinary court</source>
        <translation>Tribunale ordinario</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tutelary judge</source>
        <translation>Giudice tutelare</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+96"/>
        <source>Consensual</source>
        <translation>Consensuale</translation>
    </message>
    <message>
        <location line="-95"/>
        <source>Entrustment to social services</source>
        <translation>Affidamento ai servizi sociali</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Limitation of parental responsibility (art. 333)</source>
        <translation>Limitazione della responsabilità genitoriale (art. 333 c.c.)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Forfeiture of parental responsibility (art. 330)</source>
        <translation>Decadenza dalla responsabilità genitoriale (art. 330 c.c.)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Placement in a community</source>
        <translation>Collocamento in comunità</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Placement in foster care</source>
        <translation>Collocamento in affido</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Rules for meetings</source>
        <translation>Regolamentazione degli incontri</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Emergency measure (art. 403)</source>
        <translation>Intervento ex art. 403 c.c.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Extended support after 18</source>
        <translation>Prosieguo amministrativo</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>per week</source>
        <translation>a settimana</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>per month</source>
        <translation>al mese</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Home visit</source>
        <translation>Visita domiciliare</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Facilitated meeting</source>
        <translation>Incontro facilitato</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Interview</source>
        <translation>Colloquio</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Accompaniment</source>
        <translation>Accompagnamento</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Phone call</source>
        <translation>Telefonata</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Team meeting</source>
        <translation>Riunione d&apos;équipe</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Report writing</source>
        <translation>Stesura relazione</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Held</source>
        <translation>Svolta</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancelled by the family</source>
        <translation>Annullata dalla famiglia</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cancelled by the service</source>
        <translation>Annullata dal servizio</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Unannounced absence</source>
        <translation>Assenza non comunicata</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Draft</source>
        <translation>Bozza</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Closed and signed</source>
        <translation>Chiusa e firmata</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>In progress</source>
        <translation>In corso</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Achieved</source>
        <translation>Raggiunto</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Partly achieved</source>
        <translation>Parzialmente raggiunto</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not achieved</source>
        <translation>Non raggiunto</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Suspended</source>
        <comment>goal</comment>
        <translation>Sospeso</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Individual educational plan</source>
        <translation>PEI</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Overall plan</source>
        <translation>Progetto Quadro</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Report to the court</source>
        <translation>Relazione di aggiornamento al Tribunale</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Plan review</source>
        <translation>Verifica del progetto</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Six-monthly foster care review</source>
        <translation>Verifica semestrale dell&apos;affido</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Planned end of foster care</source>
        <translation>Scadenza prevista dell&apos;affido</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Educational plan not yet written</source>
        <translation>PEI non ancora redatto</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Deadline</source>
        <translation>Scadenza</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Turning 21: end of the prosieguo amministrativo</source>
        <translation>Compimento dei 21 anni: termine del prosieguo amministrativo</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Goals achieved</source>
        <translation>Obiettivi raggiunti</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Proceedings dismissed</source>
        <translation>Archiviazione del procedimento</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Passed to another service</source>
        <translation>Passaggio ad altro servizio</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Moved out of the Ambito</source>
        <translation>Trasferimento di residenza fuori Ambito</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The family declined or withdrew</source>
        <translation>Rinuncia o mancata adesione della famiglia</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Expired or spent</source>
        <translation>Scaduto o esaurito</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Revoked</source>
        <translation>Revocato</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Replaced by a new measure</source>
        <translation>Sostituito da un nuovo provvedimento</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Six-monthly report on the child in a community</source>
        <translation>Relazione semestrale sul minore in comunità</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Action of the educational plan</source>
        <translation>Azione del PEI</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>In training</source>
        <translation>In formazione</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Being assessed</source>
        <translation>In valutazione</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Suitable</source>
        <translation>Idonea</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fostering</source>
        <translation>Con affido in corso</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Withdrawn</source>
        <translation>Ritirata</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Full-time</source>
        <translation>Residenziale</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Part-time</source>
        <translation>Part-time</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Daytime</source>
        <translation>Diurno</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Emergency placement</source>
        <translation>Pronta accoglienza</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Judicial</source>
        <translation>Giudiziale</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>With a non-related family</source>
        <translation>Etero-familiare</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>With relatives</source>
        <translation>Intra-familiare</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Educational community</source>
        <translation>Comunità educativa</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Family-type community</source>
        <translation>Comunità familiare</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mother and child community</source>
        <translation>Comunità mamma-bambino</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Housing towards independence</source>
        <translation>Alloggio per l&apos;autonomia</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Emergency shelter</source>
        <translation>Pronto intervento</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Return to the birth family</source>
        <translation>Rientro nella famiglia d&apos;origine</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+31"/>
        <source>Adoption</source>
        <translation>Adozione</translation>
    </message>
    <message>
        <location line="-30"/>
        <source>Moved to another foster family</source>
        <translation>Passaggio ad altra famiglia affidataria</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Moved to a community</source>
        <translation>Inserimento in comunità</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ended early</source>
        <translation>Interruzione anticipata</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Reached independence</source>
        <translation>Raggiunta autonomia</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+16"/>
        <source>Other reason</source>
        <translation>Altro motivo</translation>
    </message>
    <message>
        <location line="-12"/>
        <source>Turning 18: request for the prosieguo amministrativo to the court</source>
        <translation>Maggiore età: richiesta di prosieguo amministrativo al Tribunale</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Came of age or end of the prosieguo amministrativo</source>
        <translation>Maggiore età o fine del prosieguo amministrativo</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Ended at the coming of age</source>
        <translation>Cessato con la maggiore età</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="+102"/>
        <source>Minori e Famiglie</source>
        <translation>Minori e Famiglie</translation>
    </message>
    <message>
        <location line="+56"/>
        <source>Navigation</source>
        <translation>Navigazione</translation>
    </message>
    <message>
        <location line="-6"/>
        <source>Working…</source>
        <translation>Elaborazione…</translation>
    </message>
    <message>
        <location line="+179"/>
        <source>Open a case first, then add the visit.</source>
        <translation>Apri prima una cartella, poi aggiungi la visita.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Actions</source>
        <translation>Azioni</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Lock</source>
        <translation>Blocca</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Lock the application (Ctrl+L)</source>
        <translation>Blocca l&apos;applicazione (Ctrl+L)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Visit mode</source>
        <translation>Modalità visita</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Hide court measures, reports, other persons and other cases (F9)</source>
        <translation>Nasconde provvedimenti, relazioni, altre persone e altre cartelle (F9)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>New visit</source>
        <translation>Nuova visita</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>New visit for the open case (Ctrl+N)</source>
        <translation>Nuova visita per la cartella aperta (Ctrl+N)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>New case</source>
        <translation>Nuova cartella</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Search</source>
        <translation>Cerca</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Search the cases (Ctrl+F)</source>
        <translation>Cerca nelle cartelle (Ctrl+F)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Synchronise now</source>
        <translation>Sincronizza ora</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Send this device&apos;s changes to the shared folder and receive the others&apos;</source>
        <translation>Invia le modifiche di questo dispositivo alla cartella condivisa e ricevi quelle degli altri</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Settings…</source>
        <translation>Impostazioni…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Automatic lock, automatic synchronisation and language</source>
        <translation>Blocco automatico, sincronizzazione automatica e lingua</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>About</source>
        <translation>Informazioni</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Version, licence and third-party components of Minori e Famiglie</source>
        <translation>Versione, licenza e componenti di terze parti di Minori e Famiglie</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Ambito settings…</source>
        <translation>Impostazioni dell&apos;Ambito…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Hours and deadline rules, cooperative and logo on documents, per Ambito</source>
        <translation>Regole delle ore e delle scadenze, cooperativa e logo sui documenti, per Ambito</translation>
    </message>
    <message>
        <location line="+66"/>
        <source>Case files imported: %1</source>
        <translation>Cartelle importate: %1</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Synchronised: %1 sent, %2 received.</source>
        <translation>Sincronizzato: %1 modifiche inviate, %2 ricevute.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Backup saved: %1</source>
        <translation>Backup salvato: %1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Backup not saved: %1</source>
        <translation>Backup non salvato: %1</translation>
    </message>
    <message>
        <location line="-420"/>
        <source>Visit mode on</source>
        <translation>Modalità visita attiva</translation>
    </message>
</context>
<context>
    <name>MeasureTableModel</name>
    <message>
        <location filename="../../ui/case_file/measures.py" line="+56"/>
        <source>Date</source>
        <translation>Data</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Authority</source>
        <translation>Autorità</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Measure</source>
        <translation>Provvedimento</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Docket no.</source>
        <translation>N. procedimento</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Next report due</source>
        <translation>Prossima relazione</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ended</source>
        <translation>Cessato</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Prescriptions</source>
        <translation>Prescrizioni</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>%1 (sent on %2)</source>
        <translation>%1 (inviata il %2)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1 (overdue)</source>
        <translation>%1 (scaduta)</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%1 (in %n days)</source>
        <translation>
            <numerusform>%1 (tra %n giorno)</numerusform>
            <numerusform>%1 (tra %n giorni)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MeasuresTab</name>
    <message>
        <location line="+28"/>
        <source>Authority</source>
        <translation>Autorità</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Kind of measure</source>
        <translation>Tipo di provvedimento</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Docket number</source>
        <translation>Numero di procedimento</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Date of the measure</source>
        <translation>Data del provvedimento</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Prescriptions</source>
        <translation>Prescrizioni</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Next report to the court due on</source>
        <translation>Prossima relazione al Tribunale entro il</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Ended on</source>
        <translation>Cessato il</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>How it ended</source>
        <translation>Motivo della cessazione</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>(choose)</source>
        <translation>(scegliere)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Sent on</source>
        <translation>Inviata il</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Protocol number</source>
        <translation>Numero di protocollo</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Notes</source>
        <translation>Note</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Next report due on</source>
        <translation>Prossima relazione entro il</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Report sent: %1</source>
        <translation>Relazione inviata: %1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Report due on %1 sent</source>
        <translation>Relazione in scadenza il %1 inviata</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Court measures</source>
        <translation>Provvedimenti</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Add measure…</source>
        <translation>&amp;Aggiungi provvedimento…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Edit…</source>
        <translation>&amp;Modifica…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Edit measure</source>
        <translation>Modifica provvedimento</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Remove</source>
        <translation>&amp;Rimuovi</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Remove measure</source>
        <translation>Rimuovi provvedimento</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Report &amp;sent…</source>
        <translation>Relazione &amp;inviata…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Record the report sent to the court for the selected measure</source>
        <translation>Registra la relazione inviata al Tribunale per il provvedimento selezionato</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>E&amp;nd measure…</source>
        <translation>&amp;Cessazione…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Record that the selected measure ended</source>
        <translation>Registra la cessazione del provvedimento selezionato</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>New court measure</source>
        <translation>Nuovo provvedimento</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Edit court measure</source>
        <translation>Modifica provvedimento</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>End of the measure of %1</source>
        <translation>Cessazione del provvedimento del %1</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Remove the measure of %1?</source>
        <translation>Rimuovere il provvedimento del %1?</translation>
    </message>
</context>
<context>
    <name>MonthField</name>
    <message>
        <location filename="../../ui/date_field.py" line="+70"/>
        <source>Month</source>
        <translation>Mese</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Year</source>
        <translation>Anno</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Previous month</source>
        <translation>Mese precedente</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Next month</source>
        <translation>Mese successivo</translation>
    </message>
</context>
<context>
    <name>NewCaseDialog</name>
    <message>
        <location filename="../../ui/dialogs/new_case.py" line="+71"/>
        <source>New case</source>
        <translation>Nuova cartella</translation>
    </message>
    <message>
        <location line="+16"/>
        <location line="+29"/>
        <source>Ambito</source>
        <translation>Ambito</translation>
    </message>
    <message>
        <location line="-24"/>
        <location line="+25"/>
        <source>Comune of residence</source>
        <translation>Comune di residenza</translation>
    </message>
    <message>
        <location line="-23"/>
        <source>e.g. Zogno; it may be left empty</source>
        <translation>es. Zogno; si può lasciare vuoto</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+21"/>
        <source>Service</source>
        <translation>Servizio</translation>
    </message>
    <message>
        <location line="-18"/>
        <location line="+19"/>
        <source>Taken on</source>
        <translation>Presa in carico il</translation>
    </message>
    <message>
        <location line="-16"/>
        <location line="+17"/>
        <source>Referral source</source>
        <translation>Segnalazione da</translation>
    </message>
    <message>
        <location line="-16"/>
        <location line="+30"/>
        <location line="+10"/>
        <source>Not specified</source>
        <translation>Non indicato</translation>
    </message>
    <message>
        <location line="-36"/>
        <location line="+13"/>
        <source>Title</source>
        <translation>Titolo</translation>
    </message>
    <message>
        <location line="-12"/>
        <source>e.g. Home support for the Rossi household</source>
        <translation>es. ADM per il nucleo Rossi</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+11"/>
        <source>Summary</source>
        <translation>Sintesi</translation>
    </message>
    <message>
        <location line="-8"/>
        <source>Case</source>
        <translation>Cartella</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Child&apos;s first name</source>
        <translation>Nome del minore</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Child&apos;s last name</source>
        <translation>Cognome del minore</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+33"/>
        <source>Birth date</source>
        <translation>Data di nascita</translation>
    </message>
    <message>
        <location line="-32"/>
        <source>dd/mm/yyyy, or empty if not known</source>
        <translation>gg/mm/aaaa, vuoto se non nota</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+31"/>
        <source>Sex</source>
        <translation>Sesso</translation>
    </message>
    <message>
        <location line="-26"/>
        <location line="+27"/>
        <source>Birthplace</source>
        <translation>Luogo di nascita</translation>
    </message>
    <message>
        <location line="-25"/>
        <source>Comune or foreign state</source>
        <translation>Comune o stato estero</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+23"/>
        <source>Citizenship</source>
        <translation>Cittadinanza</translation>
    </message>
    <message>
        <location line="-16"/>
        <location line="+18"/>
        <source>Codice fiscale</source>
        <translation>Codice fiscale</translation>
    </message>
    <message>
        <location line="-16"/>
        <source>Optional: 16 characters, or 11 digits</source>
        <translation>Facoltativo: 16 caratteri, o 11 cifre</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>MSNA</source>
        <translation>MSNA</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+1"/>
        <source>Unaccompanied foreign minor (MSNA)</source>
        <translation>Minore straniero non accompagnato (MSNA)</translation>
    </message>
    <message>
        <location line="+173"/>
        <source>Create anyway</source>
        <translation>Crea comunque</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>no case</source>
        <translation>nessuna cartella</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The same person? %1 already has this codice fiscale (%2).</source>
        <translation>La stessa persona? %1 ha già questo codice fiscale (%2).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Yes: open the case for %1</source>
        <translation>Sì: apri la cartella per %1</translation>
    </message>
    <message>
        <location line="-182"/>
        <source>Child in care</source>
        <translation>Minore in carico</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>First name</source>
        <translation>Nome</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last name</source>
        <translation>Cognome</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Leave the child empty to add the persons later, in the case file.</source>
        <translation>Lascia vuoti i dati del minore per aggiungere le persone più tardi, nella cartella.</translation>
    </message>
    <message>
        <location line="+30"/>
        <location line="+1"/>
        <location line="+170"/>
        <source>Create case</source>
        <translation>Crea cartella</translation>
    </message>
    <message>
        <location line="-168"/>
        <source>Cancel</source>
        <translation>Annulla</translation>
    </message>
</context>
<context>
    <name>ObservationForm</name>
    <message>
        <location filename="../../ui/observation_form.py" line="+53"/>
        <source>Physical contact</source>
        <translation>Contatto fisico</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Verbal communication</source>
        <translation>Comunicazione verbale</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Emotional attunement</source>
        <translation>Sintonia emotiva</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Respect for rules and for the operator&apos;s directions</source>
        <translation>Rispetto delle regole e delle indicazioni dell&apos;operatore</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Handling of the separation</source>
        <translation>Gestione del distacco</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Punctuality</source>
        <translation>Puntualità</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Welcome</source>
        <translation>Accoglienza</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Child&apos;s reactions before the meeting</source>
        <translation>Reazioni del minore prima dell&apos;incontro</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Child&apos;s reactions during the meeting</source>
        <translation>Reazioni del minore durante l&apos;incontro</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Child&apos;s reactions after the meeting</source>
        <translation>Reazioni del minore dopo l&apos;incontro</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Operator&apos;s interventions (reminders, interruption and why)</source>
        <translation>Interventi dell&apos;operatore (richiami, interruzione e perché)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Critical events (inform the social worker at once)</source>
        <translation>Eventi critici (informare subito l&apos;assistente sociale)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>About the child</source>
        <translation>Sul minore</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>About the adults</source>
        <translation>Sugli adulti</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>About the relationship</source>
        <translation>Sulla relazione</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Risk factors or critical issues (inform the social worker at once)</source>
        <translation>Elementi di rischio o criticità (informare subito l&apos;assistente sociale)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Adequate</source>
        <translation>Adeguato</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Partly adequate</source>
        <translation>Parzialmente adeguato</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not adequate</source>
        <translation>Non adeguato</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not observed</source>
        <translation>Non osservato</translation>
    </message>
    <message>
        <location line="+39"/>
        <location line="+58"/>
        <source>Short note</source>
        <translation>Breve nota</translation>
    </message>
    <message>
        <location line="-12"/>
        <source>Rating: %1</source>
        <translation>Valutazione: %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not rated</source>
        <translation>Non valutato</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Note: %1</source>
        <translation>Nota: %1</translation>
    </message>
</context>
<context>
    <name>OperatorPage</name>
    <message>
        <location filename="../../ui/first_run.py" line="-183"/>
        <source>Welcome</source>
        <translation>Benvenuto</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Who will use this computer? The name appears in the diary and in the documents you sign.</source>
        <translation>Chi userà questo computer? Il nome compare nel diario e nei documenti che firmi.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Operator name</source>
        <translation>Nome dell&apos;operatore</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+7"/>
        <source>Role</source>
        <translation>Ruolo</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>Device name</source>
        <translation>Nome del dispositivo</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>First and last name</source>
        <translation>Nome e cognome</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Name of this computer</source>
        <translation>Nome di questo computer</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Have a backup of your profile, e.g. on the USB stick? Bring it back on this computer.</source>
        <translation>Hai un backup del tuo profilo, per esempio sulla chiavetta USB? Riportalo su questo computer.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Restore from a backup…</source>
        <translation>&amp;Ripristina da un backup…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Restore from a backup</source>
        <translation>Ripristina da un backup</translation>
    </message>
</context>
<context>
    <name>OperatorsDialog</name>
    <message>
        <location filename="../../ui/case_file/operators.py" line="+45"/>
        <source>Operators of the case</source>
        <translation>Operatori della cartella</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Check the operators who follow this case.</source>
        <translation>Spunta gli operatori che seguono questa cartella.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Operators who follow the case</source>
        <translation>Operatori che seguono la cartella</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>(no longer active)</source>
        <translation>(non più attivo)</translation>
    </message>
</context>
<context>
    <name>PassphrasePage</name>
    <message>
        <location filename="../../ui/first_run.py" line="+18"/>
        <location line="+9"/>
        <location line="+21"/>
        <source>Passphrase</source>
        <translation>Passphrase</translation>
    </message>
    <message>
        <location line="-27"/>
        <source>The case files are encrypted with this passphrase. Choose a sentence of several words that only you know.</source>
        <translation>Le cartelle sono cifrate con questa passphrase. Scegli una frase di più parole che conosci solo tu.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Repeat the passphrase</source>
        <translation>Ripeti la passphrase</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Passphrase strength</source>
        <translation>Robustezza della passphrase</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Warning: if you forget the passphrase, the case files cannot be opened again without the coordinator&apos;s recovery key. Nobody else can recover it.</source>
        <translation>Attenzione: se dimentichi la passphrase, le cartelle non si potranno più aprire senza la chiave di recupero del coordinatore. Nessun altro può recuperarla.</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+1"/>
        <source>I understand</source>
        <translation>Ho capito</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Repeat</source>
        <translation>Ripeti</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Strength</source>
        <translation>Robustezza</translation>
    </message>
    <message numerus="yes">
        <location line="+16"/>
        <source>At least %n characters.</source>
        <translation>
            <numerusform>Almeno %n carattere.</numerusform>
            <numerusform>Almeno %n caratteri.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The two passphrases differ.</source>
        <translation>Le due passphrase non coincidono.</translation>
    </message>
</context>
<context>
    <name>PathField</name>
    <message>
        <location filename="../../ui/path_field.py" line="+46"/>
        <source>Choose…</source>
        <translation>Scegli…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose %1</source>
        <translation>Scegli: %1</translation>
    </message>
</context>
<context>
    <name>PersonTableModel</name>
    <message>
        <location filename="../../ui/case_file/persons.py" line="+46"/>
        <source>Name</source>
        <translation>Nome</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Role</source>
        <translation>Ruolo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Born</source>
        <translation>Data di nascita</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Birthplace</source>
        <translation>Luogo di nascita</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tax code</source>
        <translation>Codice fiscale</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Phone</source>
        <translation>Telefono</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Notes</source>
        <translation>Note</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>%1 (to verify)</source>
        <translation>%1 (da verificare)</translation>
    </message>
</context>
<context>
    <name>PersonsTab</name>
    <message>
        <location line="+24"/>
        <source>First name</source>
        <translation>Nome</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Last name</source>
        <translation>Cognome</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Role in the case</source>
        <translation>Ruolo nella cartella</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Not specified</source>
        <translation>Non indicato</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Date of birth</source>
        <translation>Data di nascita</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Sex</source>
        <translation>Sesso</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Birthplace</source>
        <translation>Luogo di nascita</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Comune or foreign state</source>
        <translation>Comune o stato estero</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Citizenship</source>
        <translation>Cittadinanza</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Tax code</source>
        <translation>Codice fiscale</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>16 characters, or 11 digits if provisional</source>
        <translation>16 caratteri, o 11 cifre se provvisorio</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>MSNA</source>
        <translation>MSNA</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Unaccompanied foreign minor</source>
        <translation>Minore straniero non accompagnato</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Phone</source>
        <translation>Telefono</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Address</source>
        <translation>Indirizzo</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Notes</source>
        <translation>Note</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Persons of the case</source>
        <translation>Persone della cartella</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Add person…</source>
        <translation>&amp;Aggiungi persona…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Edit…</source>
        <translation>&amp;Modifica…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Edit person</source>
        <translation>Modifica persona</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Remove from the case</source>
        <translation>&amp;Rimuovi dalla cartella</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>New person</source>
        <translation>Nuova persona</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>no case</source>
        <translation>nessuna cartella</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The same person? %1 already has this codice fiscale (%2).</source>
        <translation>La stessa persona? %1 ha già questo codice fiscale (%2).</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Yes: add %1 to this case</source>
        <translation>Sì: aggiungi %1 a questa cartella</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Edit %1</source>
        <translation>Modifica %1</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>To verify: not a valid codice fiscale (entered before codes were checked). It is kept as it is until corrected.</source>
        <translation>Da verificare: non è un codice fiscale valido (inserito prima che i codici fossero controllati). Resta com&apos;è finché non viene corretto.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Remove %1 from this case? The person&apos;s record stays.</source>
        <translation>Rimuovere %1 da questa cartella? L&apos;anagrafica della persona resta.</translation>
    </message>
</context>
<context>
    <name>PlacementTableModel</name>
    <message>
        <location filename="../../ui/case_file/placements.py" line="+64"/>
        <location filename="../../ui/models/family_table.py" line="+47"/>
        <source>Child</source>
        <translation>Minore</translation>
    </message>
    <message>
        <location filename="../../ui/models/family_table.py" line="+1"/>
        <source>Case</source>
        <translation>Cartella</translation>
    </message>
    <message>
        <location filename="../../ui/case_file/placements.py" line="+3"/>
        <location filename="../../ui/models/family_table.py" line="+1"/>
        <source>Legal basis</source>
        <translation>Natura</translation>
    </message>
    <message>
        <location line="-1"/>
        <location filename="../../ui/models/family_table.py" line="+1"/>
        <source>Kind</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <location filename="../../ui/models/family_table.py" line="+1"/>
        <source>Schedule</source>
        <translation>Modalità</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Start</source>
        <translation>Inizio</translation>
    </message>
    <message>
        <location filename="../../ui/case_file/placements.py" line="+3"/>
        <location filename="../../ui/models/family_table.py" line="+1"/>
        <source>Planned end</source>
        <translation>Fine prevista</translation>
    </message>
    <message>
        <location filename="../../ui/models/family_table.py" line="+1"/>
        <source>Last review</source>
        <translation>Ultima verifica</translation>
    </message>
    <message>
        <location filename="../../ui/case_file/placements.py" line="-4"/>
        <source>Where</source>
        <translation>Dove</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>From</source>
        <translation>Dal</translation>
    </message>
    <message>
        <location line="+2"/>
        <location filename="../../ui/models/family_table.py" line="+1"/>
        <source>Next review</source>
        <translation>Prossima verifica</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../../ui/models/family_table.py" line="+1"/>
        <source>Ended on</source>
        <translation>Concluso il</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Why it ended</source>
        <translation>Motivo della conclusione</translation>
    </message>
</context>
<context>
    <name>PlacementsTab</name>
    <message>
        <location line="-23"/>
        <source>Foster family: %1</source>
        <translation>Famiglia affidataria: %1</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>Placements of the case</source>
        <translation>Collocamenti della cartella</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Place in a community…</source>
        <translation>&amp;Inserisci in comunità…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Record review…</source>
        <translation>&amp;Registra verifica…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Record the review</source>
        <translation>Registra la verifica</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>E&amp;nd placement…</source>
        <translation>&amp;Concludi inserimento…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>End the community placement</source>
        <translation>Concludi l&apos;inserimento in comunità</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>Child</source>
        <translation>Minore</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>(no child in care in this case)</source>
        <translation>(nessun minore in carico in questa cartella)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Community</source>
        <translation>Comunità</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>(no community in the registry yet)</source>
        <translation>(nessuna comunità ancora nel registro)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Legal basis</source>
        <translation>Inserimento consensuale o giudiziale</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Start date</source>
        <translation>Data di inserimento</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Planned end</source>
        <translation>Conclusione prevista</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Place in a community</source>
        <translation>Inserimento in comunità</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Six-monthly review of %1</source>
        <translation>Verifica semestrale di %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Review held on</source>
        <translation>Verifica svolta il</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>End the placement of %1</source>
        <translation>Concludi l&apos;inserimento di %1</translation>
    </message>
</context>
<context>
    <name>PrintPreviewDialog</name>
    <message>
        <location filename="../../ui/printing/preview.py" line="+55"/>
        <source>Preview — %1</source>
        <translation>Anteprima — %1</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Preview of the document</source>
        <translation>Anteprima del documento</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>&amp;Print…</source>
        <translation>S&amp;tampa…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Send the document to a printer</source>
        <translation>Invia il documento a una stampante</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Save PDF…</source>
        <translation>&amp;Salva PDF…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Save the document as a PDF file, optionally protected by a password</source>
        <translation>Salva il documento come file PDF, se vuoi protetto da una password</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Pages sent to the printer</source>
        <translation>Pagine inviate alla stampante</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>S&amp;top printing</source>
        <translation>&amp;Interrompi la stampa</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stop after the page being sent</source>
        <translation>Si ferma dopo la pagina che sta inviando</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Close</source>
        <translation>Chiudi</translation>
    </message>
    <message numerus="yes">
        <location line="+8"/>
        <source>%n page(s)</source>
        <translation>
            <numerusform>%n pagina</numerusform>
            <numerusform>%n pagine</numerusform>
        </translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The document could not be shown.</source>
        <translation>Non è stato possibile mostrare il documento.</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>Printing…</source>
        <translation>Stampa in corso…</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Printing: page %1 of %2…</source>
        <translation>Stampa in corso: pagina %1 di %2…</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Stopping the print…</source>
        <translation>Interruzione della stampa…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Printing stopped: the pages already sent may come out.</source>
        <translation>Stampa interrotta: le pagine già inviate potrebbero uscire comunque.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The printer could not be used: nothing was printed.</source>
        <translation>Non è stato possibile usare la stampante: non è stato stampato nulla.</translation>
    </message>
    <message numerus="yes">
        <location line="+13"/>
        <source>Sent to the printer: %n page(s).</source>
        <translation>
            <numerusform>Inviata alla stampante: %n pagina.</numerusform>
            <numerusform>Inviate alla stampante: %n pagine.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Save PDF</source>
        <translation>Salva PDF</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Saved as %1.</source>
        <translation>Salvato come %1.</translation>
    </message>
</context>
<context>
    <name>ProgressPanel</name>
    <message>
        <location filename="../../ui/dialogs/handoff_common.py" line="+13"/>
        <source>Progress</source>
        <translation>Avanzamento</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Starting…</source>
        <translation>Avvio…</translation>
    </message>
</context>
<context>
    <name>ProjectTableModel</name>
    <message>
        <location filename="../../ui/models/project_table.py" line="-65"/>
        <source>Project</source>
        <translation>Progetto</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ambito</source>
        <translation>Ambito</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Comune</source>
        <translation>Comune</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Partners</source>
        <translation>Partner</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>Period</source>
        <translation>Periodo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Activities</source>
        <translation>Attività</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hours</source>
        <translation>Ore</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Participants</source>
        <translation>Partecipanti</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>from %1</source>
        <translation>dal %1</translation>
    </message>
</context>
<context>
    <name>RecordFormDialog</name>
    <message>
        <location filename="../../ui/forms.py" line="+249"/>
        <source>dd/mm/yyyy, or empty</source>
        <translation>gg/mm/aaaa, o vuoto</translation>
    </message>
    <message>
        <location line="+184"/>
        <source>Save anyway</source>
        <translation>Salva comunque</translation>
    </message>
</context>
<context>
    <name>RecoveryKeyDialog</name>
    <message>
        <location filename="../../ui/dialogs/team.py" line="+78"/>
        <location line="+108"/>
        <source>Replace the recovery key</source>
        <translation>Sostituisci la chiave di recupero</translation>
    </message>
    <message>
        <location line="-108"/>
        <source>Recovery key</source>
        <translation>Chiave di recupero</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>The team already has a recovery key (%1). A new key replaces it: every profile is wrapped to the new key at its next synchronisation, and from then on the old file no longer opens it.</source>
        <translation>L&apos;équipe ha già una chiave di recupero (%1). Una nuova chiave la sostituisce: ogni profilo passa alla nuova chiave alla prossima sincronizzazione, e da allora il vecchio file non lo apre più.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The recovery key is a file: it is the only way to open a profile again when its passphrase is forgotten. With it, the coordinator sets a new passphrase.</source>
        <translation>La chiave di recupero è un file: è l&apos;unico modo per riaprire un profilo di cui si è dimenticata la passphrase. Con questo file il coordinatore imposta una nuova passphrase.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Whoever has this file can open every profile of the team. Keep it off the laptop: save it on a USB stick kept in the office safe (or print it and lock it away), then delete any copy from this computer.</source>
        <translation>Chi possiede questo file può aprire tutti i profili dell&apos;équipe. Non tenerlo sul portatile: salvalo su una chiavetta USB custodita nella cassaforte dell&apos;ufficio (oppure stampalo e chiudilo sotto chiave), poi cancella ogni copia da questo computer.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>File of the recovery key</source>
        <translation>File della chiave di recupero</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>All files (*)</source>
        <translation>Tutti i file (*)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>e.g. /media/usb/%1</source>
        <translation>ad es. /media/usb/%1</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>&amp;Choose…</source>
        <translation>&amp;Scegli…</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&amp;Save to</source>
        <translation>&amp;Salva in</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>I understand that the old key will no longer open the profiles once they synchronise</source>
        <translation>Ho capito che la vecchia chiave non aprirà più i profili dopo la loro sincronizzazione</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Public part of the recovery key</source>
        <translation>Parte pubblica della chiave di recupero</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The recovery key was saved in:</source>
        <translation>La chiave di recupero è stata salvata in:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Its public part, now published to the team:</source>
        <translation>La sua parte pubblica, ora comunicata all&apos;équipe:</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Now copy the file to the USB stick kept in the office safe (or print it), then delete it from this laptop.</source>
        <translation>Ora copia il file sulla chiavetta USB custodita nella cassaforte dell&apos;ufficio (oppure stampalo), poi cancellalo da questo portatile.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Save the key</source>
        <translation>Salva la chiave</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Cancel</source>
        <translation>Annulla</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Close</source>
        <translation>Chiudi</translation>
    </message>
    <message>
        <location line="-72"/>
        <source>Save the recovery key</source>
        <translation>Salva la chiave di recupero</translation>
    </message>
    <message>
        <location line="+85"/>
        <source>Choose where to save the recovery key.</source>
        <translation>Scegli dove salvare la chiave di recupero.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Give the full path of the file, or use Choose….</source>
        <translation>Indica il percorso completo del file, oppure usa Scegli….</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>This is a folder: add the name of the file, e.g. %1.</source>
        <translation>Questa è una cartella: aggiungi il nome del file, ad es. %1.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>This file already exists and is never overwritten: choose another name.</source>
        <translation>Questo file esiste già e non viene mai sovrascritto: scegli un altro nome.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The folder %1 does not exist: plug in the USB stick or choose another folder.</source>
        <translation>La cartella %1 non esiste: inserisci la chiavetta USB o scegli un&apos;altra cartella.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Tick the box to confirm that the old key stops working.</source>
        <translation>Spunta la casella per confermare che la vecchia chiave smetterà di funzionare.</translation>
    </message>
</context>
<context>
    <name>RefusalTableModel</name>
    <message>
        <location filename="../../ui/models/sync_table.py" line="+63"/>
        <source>File</source>
        <translation>File</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Reason</source>
        <translation>Motivo</translation>
    </message>
</context>
<context>
    <name>RegistryPage</name>
    <message>
        <location filename="../../ui/pages/registry.py" line="+347"/>
        <source>none so far</source>
        <translation>nessuno finora</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Municipality</source>
        <translation>Comune</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Ambito</source>
        <translation>Ambito</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>(none)</source>
        <translation>(nessuno)</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Edit %1</source>
        <translation>Modifica %1</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Child</source>
        <translation>Minore</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>(no open case with a child)</source>
        <translation>(nessuna cartella aperta con un minore)</translation>
    </message>
</context>
<context>
    <name>RestoreDialog</name>
    <message>
        <location filename="../../ui/restore_dialog.py" line="+47"/>
        <source>Restore from a backup</source>
        <translation>Ripristina da un backup</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Choose the backup file of your profile, for example the one the scheduled backup writes on the USB stick, and type its passphrase.</source>
        <translation>Scegli il file di backup del tuo profilo, per esempio quello che il backup programmato scrive sulla chiavetta USB, e scrivi la sua passphrase.</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+1"/>
        <source>Backup file</source>
        <translation>File di backup</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Choose…</source>
        <translation>&amp;Scegli…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Passphrase of the backup</source>
        <translation>Passphrase del backup</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Backup &amp;file</source>
        <translation>&amp;File di backup</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Passphrase</source>
        <translation>&amp;Passphrase</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The passphrase is the one the profile had when the backup was written, even if you changed it afterwards.</source>
        <translation>La passphrase è quella che il profilo aveva quando è stato fatto il backup, anche se poi l&apos;hai cambiata.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The restored profile is the same device as the old laptop: do not use the old laptop alongside it.</source>
        <translation>Il profilo ripristinato è lo stesso dispositivo del vecchio portatile: non usare più il vecchio portatile insieme a questo.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Error message</source>
        <translation>Messaggio di errore</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Restore</source>
        <translation>Ripristina</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cancel</source>
        <translation>Annulla</translation>
    </message>
    <message>
        <location line="-38"/>
        <source>Backups of Minori e Famiglie (*.mfbk)</source>
        <translation>Backup di Minori e Famiglie (*.mfbk)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>All files (*)</source>
        <translation>Tutti i file (*)</translation>
    </message>
    <message>
        <location line="+62"/>
        <source>Choose the backup file.</source>
        <translation>Scegli il file di backup.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>There is no backup file at this path.</source>
        <translation>In questo percorso non c&apos;è nessun file di backup.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Type the passphrase of the backup.</source>
        <translation>Scrivi la passphrase del backup.</translation>
    </message>
</context>
<context>
    <name>SaveFileDialog</name>
    <message>
        <location filename="../../ui/printing/save_dialog.py" line="+55"/>
        <source>PDF documents (*.pdf)</source>
        <translation>Documenti PDF (*.pdf)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>File</source>
        <translation>File</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Choose…</source>
        <translation>S&amp;cegli…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose where to save</source>
        <translation>Scegli dove salvare</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Password</source>
        <translation>Password</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Leave empty to save without a password</source>
        <translation>Lascia vuoto per salvare senza password</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Repeat the password</source>
        <translation>Ripeti la password</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;File</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Password</source>
        <translation>&amp;Password</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Repeat</source>
        <translation>&amp;Ripeti</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The file contains personal data: protect it with a password (AES-256) if it leaves this computer.</source>
        <translation>Il file contiene dati personali: proteggilo con una password (AES-256) se esce da questo computer.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The file contains personal data: keep it in a protected place.</source>
        <translation>Il file contiene dati personali: conservalo in un luogo protetto.</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Choose the file to write.</source>
        <translation>Scegli il file da scrivere.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The two passwords differ.</source>
        <translation>Le due password sono diverse.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The password must be at least %1 characters long.</source>
        <translation>La password deve avere almeno %1 caratteri.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>The folder could not be read.</source>
        <translation>Non è stato possibile leggere la cartella.</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>These files exist already and will be replaced:
%1

Replace them?</source>
        <translation>Questi file esistono già e verranno sostituiti:
%1

Sostituirli?</translation>
    </message>
</context>
<context>
    <name>SaveStatus</name>
    <message>
        <location filename="../../ui/visit_editor/autosave.py" line="+59"/>
        <source>Save status</source>
        <translation>Stato del salvataggio</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Saving…</source>
        <translation>Salvataggio…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Saved at %1</source>
        <translation>Salvata alle %1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Not saved: the application is locked.</source>
        <translation>Non salvata: l&apos;applicazione è bloccata.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not saved: see the message next to the field.</source>
        <translation>Non salvata: vedi il messaggio accanto al campo.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not saved: %1</source>
        <translation>Non salvata: %1</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../ui/settings.py" line="+143"/>
        <source>Settings</source>
        <translation>Impostazioni</translation>
    </message>
    <message>
        <location line="+7"/>
        <location line="+5"/>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>Minutes of inactivity before locking</source>
        <translation>Minuti di inattività prima del blocco</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Minutes between automatic synchronisations</source>
        <translation>Minuti tra due sincronizzazioni automatiche</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+93"/>
        <source>Folder of the scheduled backups</source>
        <translation>Cartella dei backup automatici</translation>
    </message>
    <message>
        <location line="-92"/>
        <source>for example the USB stick</source>
        <translation>ad esempio la chiavetta USB</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose…</source>
        <translation>Scegli…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>How often to back up</source>
        <translation>Ogni quanto fare il backup</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Never</source>
        <translation>Mai</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Every day</source>
        <translation>Ogni giorno</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Every week</source>
        <translation>Ogni settimana</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Language</source>
        <translation>Lingua</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The new language is used from the next start.</source>
        <translation>La nuova lingua sarà usata dal prossimo avvio.</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>&amp;Lock after</source>
        <translation>&amp;Blocca dopo</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>S&amp;ynchronise every</source>
        <translation>&amp;Sincronizza ogni</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>of inactivity (from 1 to 120 minutes)</source>
        <translation>di inattività (da 1 a 120 minuti)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>while the shared folder is reachable</source>
        <translation>finché la cartella condivisa è raggiungibile</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Back up</source>
        <translation>&amp;Fai il backup</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>encrypted like the profile</source>
        <translation>cifrato come il profilo</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Backup &amp;folder</source>
        <translation>&amp;Cartella dei backup</translation>
    </message>
    <message>
        <location line="-14"/>
        <source>L&amp;anguage</source>
        <translation>&amp;Lingua</translation>
    </message>
    <message>
        <location line="-21"/>
        <source>Save</source>
        <translation>Salva</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel</source>
        <translation>Annulla</translation>
    </message>
</context>
<context>
    <name>SummaryPeriodDialog</name>
    <message>
        <location filename="../../ui/printing/period_dialog.py" line="+42"/>
        <source>Case summary</source>
        <translation>Sintesi della cartella</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>From</source>
        <translation>Dal</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>To</source>
        <translation>Al</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The summary holds the persons, measures, services and hours, goals and deadlines of the case, and the diary of this period:</source>
        <translation>La sintesi contiene le persone, i provvedimenti, i servizi e le ore, gli obiettivi e le scadenze della cartella, e il diario di questo periodo:</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;From</source>
        <translation>&amp;Dal</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;To</source>
        <translation>&amp;Al</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Preview</source>
        <translation>Anteprima</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>The end of the period must not be before its start.</source>
        <translation>La fine del periodo non può precedere l&apos;inizio.</translation>
    </message>
</context>
<context>
    <name>SyncLabels</name>
    <message>
        <location filename="../../ui/sync_labels.py" line="+22"/>
        <source>Completed</source>
        <translation>Completata</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Partial: some files refused</source>
        <translation>Parziale: alcuni file rifiutati</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Interrupted: the folder went away</source>
        <translation>Interrotta: la cartella non è più raggiungibile</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Failed: the shared folder was not reachable</source>
        <translation>Non riuscita: la cartella condivisa non era raggiungibile</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Failed</source>
        <translation>Non riuscita</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>partial</source>
        <translation>parziale</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>interrupted</source>
        <translation>interrotta</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+1"/>
        <source>failed</source>
        <translation>non riuscita</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Changed on two devices</source>
        <translation>Modificato su due dispositivi</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Deleted on one device, changed on another</source>
        <translation>Eliminato su un dispositivo, modificato su un altro</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Deleted on one device while written in on another: restored</source>
        <translation>Eliminata su un dispositivo mentre vi si scriveva su un altro: ripristinata</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Active</source>
        <translation>Attivo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Revoked</source>
        <translation>Revocato</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Waiting for admission</source>
        <translation>In attesa di ammissione</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Title of the case file</source>
        <translation>Titolo della cartella</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Summary of the case file</source>
        <translation>Sintesi della cartella</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Notes on the person</source>
        <translation>Note sulla persona</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Notes on the person in the case</source>
        <translation>Note sulla persona nella cartella</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Prescriptions of the court measure</source>
        <translation>Prescrizioni del provvedimento</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Title of the goal</source>
        <translation>Titolo dell&apos;obiettivo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Description of the goal</source>
        <translation>Descrizione dell&apos;obiettivo</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Indicators of the goal</source>
        <translation>Indicatori dell&apos;obiettivo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Description of the deadline</source>
        <translation>Descrizione della scadenza</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Members of the foster family</source>
        <translation>Componenti della famiglia affidataria</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Notes on the foster family</source>
        <translation>Note sulla famiglia affidataria</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Description of the visit</source>
        <translation>Descrizione della visita</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Verified facts of the visit</source>
        <translation>Fatti accertati della visita</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Statements collected at the visit</source>
        <translation>Dichiarazioni raccolte nella visita</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Professional evaluations of the visit</source>
        <translation>Valutazioni professionali della visita</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Agreements and next steps of the visit</source>
        <translation>Accordi e prossimi passi della visita</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Text of the amendment</source>
        <translation>Testo dell&apos;integrazione</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Title</source>
        <translation>Titolo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Notes</source>
        <translation>Note</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>Stato</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Due on</source>
        <translation>Scadenza</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Done on</source>
        <translation>Completata il</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Date</source>
        <translation>Data</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Start</source>
        <translation>Inizio</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>End</source>
        <translation>Fine</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Place</source>
        <translation>Luogo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kind</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>First name</source>
        <translation>Nome</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last name</source>
        <translation>Cognome</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Date of birth</source>
        <translation>Data di nascita</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Codice fiscale</source>
        <translation>Codice fiscale</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sex</source>
        <translation>Sesso</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Place of birth</source>
        <translation>Luogo di nascita</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Citizenship</source>
        <translation>Cittadinanza</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unaccompanied foreign minor</source>
        <translation>Minore straniero non accompagnato</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Phone</source>
        <translation>Telefono</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Address</source>
        <translation>Indirizzo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Role</source>
        <translation>Ruolo</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>today at %1</source>
        <translation>oggi alle %1</translation>
    </message>
</context>
<context>
    <name>SyncNotices</name>
    <message numerus="yes">
        <location line="+11"/>
        <source>%n changes received carry a date in the future: they will be applied when the clock reaches it.</source>
        <translation>
            <numerusform>%n modifica ricevuta ha una data nel futuro: sarà applicata quando l&apos;orologio la raggiunge.</numerusform>
            <numerusform>%n modifiche ricevute hanno una data nel futuro: saranno applicate quando l&apos;orologio la raggiunge.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+8"/>
        <source>%n changes held for their date have been applied: the clock reached it.</source>
        <translation>
            <numerusform>%n modifica in attesa della sua data è stata applicata: l&apos;orologio l&apos;ha raggiunta.</numerusform>
            <numerusform>%n modifiche in attesa della loro data sono state applicate: l&apos;orologio l&apos;ha raggiunta.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>%n changes of this device carry a wrong date (the clock was ahead): the other devices will apply them only when their clocks reach that date; later changes to the same data still count.</source>
        <translation>
            <numerusform>%n modifica di questo dispositivo porta una data sbagliata (l&apos;orologio era avanti): gli altri dispositivi la applicheranno solo quando i loro orologi arriveranno a quella data; le modifiche fatte dopo sugli stessi dati valgono comunque.</numerusform>
            <numerusform>%n modifiche di questo dispositivo portano una data sbagliata (l&apos;orologio era avanti): gli altri dispositivi le applicheranno solo quando i loro orologi arriveranno a quella data; le modifiche fatte dopo sugli stessi dati valgono comunque.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+9"/>
        <source>%n files of this device were missing or damaged in the shared folder: put back as they were published (a damaged file is set aside beside it).</source>
        <translation>
            <numerusform>%n file di questo dispositivo mancava o era danneggiato nella cartella condivisa: è stato rimesso com&apos;era stato pubblicato (un file danneggiato viene messo da parte accanto).</numerusform>
            <numerusform>%n file di questo dispositivo mancavano o erano danneggiati nella cartella condivisa: sono stati rimessi com&apos;erano stati pubblicati (un file danneggiato viene messo da parte accanto).</numerusform>
        </translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The shared folder is full: free some space on it. What was done is saved, the rest comes with the next synchronisation.</source>
        <translation>La cartella condivisa è piena: va liberato spazio. Quanto fatto è salvato, il resto arriverà con la prossima sincronizzazione.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The shared folder is read-only: it must be made writable. What was done is saved, the rest comes with the next synchronisation.</source>
        <translation>La cartella condivisa è in sola lettura: va resa scrivibile. Quanto fatto è salvato, il resto arriverà con la prossima sincronizzazione.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The shared folder cannot be read or written (permissions): it must be made readable and writable. What was done is saved, the rest comes with the next synchronisation.</source>
        <translation>Nella cartella condivisa non si può leggere o scrivere (permessi): va resa leggibile e scrivibile. Quanto fatto è salvato, il resto arriverà con la prossima sincronizzazione.</translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <location filename="../../ui/pages/sync.py" line="+84"/>
        <source>&amp;Choose folder…</source>
        <translation>S&amp;cegli cartella…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose the shared folder</source>
        <translation>Scegli la cartella condivisa</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Synchronise now</source>
        <translation>&amp;Sincronizza ora</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Shared folder:</source>
        <translation>Cartella condivisa:</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Synchronisations</source>
        <translation>Sincronizzazioni</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+55"/>
        <source>Files refused</source>
        <translation>File rifiutati</translation>
    </message>
    <message>
        <location line="-49"/>
        <source>Synchronisations of this device</source>
        <translation>Sincronizzazioni di questo dispositivo</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Synchronisation</source>
        <translation>Sincronizzazione</translation>
    </message>
    <message numerus="yes">
        <location line="+36"/>
        <source>Files refused by the selected synchronisation: %n</source>
        <translation>
            <numerusform>File rifiutati dalla sincronizzazione selezionata: %n</numerusform>
            <numerusform>File rifiutati dalla sincronizzazione selezionata: %n</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The selected synchronisation refused nothing.</source>
        <translation>La sincronizzazione selezionata non ha rifiutato nulla.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>none</source>
        <translation>nessuna</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This device is not part of a team: create or join one in Team.</source>
        <translation>Questo dispositivo non fa parte di un&apos;équipe: creane una o unisciti a una in Équipe.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>none chosen</source>
        <translation>non ancora scelta</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Synchronising…</source>
        <translation>Sincronizzazione in corso…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The last synchronisation failed: %1</source>
        <translation>L&apos;ultima sincronizzazione non è riuscita: %1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Choose the shared folder to synchronise with.</source>
        <translation>Scegli la cartella condivisa con cui sincronizzarti.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The shared folder is not reachable now: the changes wait, and are sent as soon as it is back.</source>
        <translation>La cartella condivisa ora non è raggiungibile: le modifiche attendono e vengono inviate appena torna disponibile.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The shared folder is reachable.</source>
        <translation>La cartella condivisa è raggiungibile.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Checking the shared folder…</source>
        <translation>Verifica della cartella condivisa…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Never synchronised.</source>
        <translation>Mai sincronizzato.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Last synchronisation %1: %2.</source>
        <translation>Ultima sincronizzazione %1: %2.</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Shared folder</source>
        <translation>Cartella condivisa</translation>
    </message>
</context>
<context>
    <name>SyncRunTableModel</name>
    <message>
        <location filename="../../ui/models/sync_table.py" line="-36"/>
        <source>When</source>
        <translation>Quando</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sent</source>
        <translation>Inviate</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Received</source>
        <translation>Ricevute</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Conflicts</source>
        <translation>Conflitti</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Outcome</source>
        <translation>Esito</translation>
    </message>
</context>
<context>
    <name>SyncStatusBar</name>
    <message numerus="yes">
        <location filename="../../ui/sync_status.py" line="+65"/>
        <source>%n change(s) to send</source>
        <translation>
            <numerusform>%n modifica da inviare</numerusform>
            <numerusform>%n modifiche da inviare</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Never synchronised</source>
        <translation>Mai sincronizzato</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Last sync: %1</source>
        <translation>Ultima sincronizzazione: %1</translation>
    </message>
    <message numerus="yes">
        <location line="+9"/>
        <source>%n open conflict(s)</source>
        <translation>
            <numerusform>%n conflitto aperto</numerusform>
            <numerusform>%n conflitti aperti</numerusform>
        </translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Show the conflicts</source>
        <translation>Mostra i conflitti</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>No team</source>
        <translation>Nessuna équipe</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Synchronising…</source>
        <translation>Sincronizzazione in corso…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No shared folder</source>
        <translation>Nessuna cartella condivisa</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Shared folder not reachable</source>
        <translation>Cartella condivisa non raggiungibile</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Synchronisation failed</source>
        <translation>Sincronizzazione non riuscita</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Checking the shared folder…</source>
        <translation>Verifica della cartella condivisa…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Shared folder reachable</source>
        <translation>Cartella condivisa raggiungibile</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Waiting to be admitted to the team</source>
        <translation>In attesa di ammissione nell&apos;équipe</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The coordinator must compare this device&apos;s fingerprint and admit it.</source>
        <translation>Il coordinatore deve confrontare l&apos;impronta di questo dispositivo e ammetterlo.</translation>
    </message>
</context>
<context>
    <name>TeamFolderDialog</name>
    <message>
        <location filename="../../ui/dialogs/team.py" line="-359"/>
        <source>Name of the team</source>
        <translation>Nome dell&apos;équipe</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>e.g. Équipe ADM Valle Brembana</source>
        <translation>es. Équipe ADM Valle Brembana</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+44"/>
        <source>Shared folder</source>
        <translation>Cartella condivisa</translation>
    </message>
    <message>
        <location line="-43"/>
        <source>&amp;Choose…</source>
        <translation>S&amp;cegli…</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&amp;Name</source>
        <translation>&amp;Nome</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Shared &amp;folder</source>
        <translation>Cartella &amp;condivisa</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Cancel</source>
        <translation>Annulla</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>Choose the shared folder.</source>
        <translation>Scegli la cartella condivisa.</translation>
    </message>
</context>
<context>
    <name>TeamPage</name>
    <message>
        <location filename="../../ui/pages/team.py" line="+81"/>
        <source>&amp;Create team…</source>
        <translation>&amp;Crea équipe…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Join a team…</source>
        <translation>&amp;Unisciti a un&apos;équipe…</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>This device is not part of a team yet. A team shares its case files through a shared folder (a network folder, a synchronised folder or a USB stick): every device leaves its changes there, encrypted, and takes the others&apos;.</source>
        <translation>Questo dispositivo non fa ancora parte di un&apos;équipe. Un&apos;équipe condivide le cartelle attraverso una cartella condivisa (una cartella di rete, una cartella sincronizzata o una chiavetta USB): ogni dispositivo vi lascia le proprie modifiche, cifrate, e prende quelle degli altri.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The coordinator creates the team; everyone else asks to join it and is admitted by the coordinator after comparing fingerprints by phone.</source>
        <translation>Il coordinatore crea l&apos;équipe; tutti gli altri chiedono di unirsi e vengono ammessi dal coordinatore dopo aver confrontato le impronte per telefono.</translation>
    </message>
    <message>
        <location line="+7"/>
        <location line="+23"/>
        <source>This device&apos;s fingerprint:</source>
        <translation>Impronta di questo dispositivo:</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>Team:</source>
        <translation>Équipe:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Shared folder:</source>
        <translation>Cartella condivisa:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Coordinator&apos;s fingerprint:</source>
        <translation>Impronta del coordinatore:</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Devices</source>
        <translation>Dispositivi</translation>
    </message>
    <message>
        <location line="+18"/>
        <location line="+29"/>
        <source>Recovery &amp;key…</source>
        <translation>&amp;Chiave di recupero…</translation>
    </message>
    <message>
        <location line="-12"/>
        <source>Recovery key: set (%1)</source>
        <translation>Chiave di recupero: presente (%1)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Replace recovery &amp;key…</source>
        <translation>Sostituisci la &amp;chiave di recupero…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Replace the team&apos;s recovery key</source>
        <translation>Sostituisci la chiave di recupero dell&apos;équipe</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Recovery key: none — a forgotten passphrase cannot be recovered</source>
        <translation>Chiave di recupero: assente — una passphrase dimenticata non si potrà recuperare</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Make the team&apos;s recovery key</source>
        <translation>Crea la chiave di recupero dell&apos;équipe</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Devices of the team</source>
        <translation>Dispositivi dell&apos;équipe</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Admit…</source>
        <translation>&amp;Ammetti…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Admit the selected device</source>
        <translation>Ammetti il dispositivo selezionato</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Revoke…</source>
        <translation>&amp;Revoca…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Revoke the selected device</source>
        <translation>Revoca il dispositivo selezionato</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Team</source>
        <translation>Équipe</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>(known once this device is admitted)</source>
        <translation>(visibile quando questo dispositivo sarà ammesso)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>none chosen</source>
        <translation>non ancora scelta</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This device is the coordinator of the team.</source>
        <translation>Questo dispositivo è il coordinatore dell&apos;équipe.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This device is a member of the team.</source>
        <translation>Questo dispositivo fa parte dell&apos;équipe.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Waiting for the coordinator to admit this device: call them and read out this device&apos;s fingerprint; check that theirs is the one shown here.</source>
        <translation>In attesa che il coordinatore ammetta questo dispositivo: telefonagli e leggigli l&apos;impronta di questo dispositivo; controlla che la sua sia quella mostrata qui.</translation>
    </message>
    <message numerus="yes">
        <location line="+14"/>
        <source>%n request(s) to join waiting</source>
        <translation>
            <numerusform>%n richiesta di adesione in attesa</numerusform>
            <numerusform>%n richieste di adesione in attesa</numerusform>
        </translation>
    </message>
    <message>
        <location line="+41"/>
        <source>Create a team</source>
        <translation>Crea un&apos;équipe</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This device becomes the coordinator of a new team: it admits the others&apos; devices. Choose a folder every member can reach.</source>
        <translation>Questo dispositivo diventa il coordinatore di una nuova équipe: ammette i dispositivi degli altri. Scegli una cartella raggiungibile da tutti i membri.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Create team</source>
        <translation>Crea équipe</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Join a team</source>
        <translation>Unisciti a un&apos;équipe</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Choose the shared folder of the team. A request to join is left there; the coordinator admits this device after comparing fingerprints with you by phone.</source>
        <translation>Scegli la cartella condivisa dell&apos;équipe. Vi viene lasciata una richiesta di adesione; il coordinatore ammette questo dispositivo dopo aver confrontato le impronte con te per telefono.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Send the request</source>
        <translation>Invia la richiesta</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Revoke a device</source>
        <translation>Revoca un dispositivo</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Revoke the device “%1” of %2? It will no longer receive the team&apos;s changes, and what it sends from now on is refused.</source>
        <translation>Revocare il dispositivo «%1» di %2? Non riceverà più le modifiche dell&apos;équipe, e ciò che invierà d&apos;ora in poi sarà rifiutato.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Revoke</source>
        <translation>Revoca</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel</source>
        <translation>Annulla</translation>
    </message>
</context>
<context>
    <name>TimeField</name>
    <message>
        <location filename="../../ui/date_field.py" line="-54"/>
        <source>hh:mm</source>
        <translation>hh:mm</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Required</source>
        <translation>Obbligatorio</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Invalid time: use hh:mm</source>
        <translation>Ora non valida: usare hh:mm</translation>
    </message>
</context>
<context>
    <name>TodayPage</name>
    <message>
        <location filename="../../ui/pages/today.py" line="+222"/>
        <source>Summary</source>
        <translation>Riepilogo</translation>
    </message>
    <message>
        <location line="-72"/>
        <location line="+101"/>
        <source>Today</source>
        <translation>Oggi</translation>
    </message>
    <message>
        <location line="-99"/>
        <source>No visits or meetings planned today.</source>
        <translation>Nessuna visita o incontro in programma oggi.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Tomorrow</source>
        <translation>Domani</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Nothing planned tomorrow.</source>
        <translation>Niente in programma domani.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Deadlines in the next %1 days</source>
        <translation>Scadenze nei prossimi %1 giorni</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No deadlines in the next %1 days.</source>
        <translation>Nessuna scadenza nei prossimi %1 giorni.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Drafts to close and sign</source>
        <translation>Bozze da chiudere e firmare</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No drafts left open.</source>
        <translation>Nessuna bozza aperta.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Visit mode: only the times of today&apos;s appointments are shown; cases, deadlines and drafts are hidden. Turn visit mode off (F9) to see them.</source>
        <translation>Modalità visita: degli appuntamenti di oggi si vedono solo gli orari; cartelle, scadenze e bozze sono nascoste. Disattiva la modalità visita (F9) per vederle.</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>My cases</source>
        <translation>Le mie cartelle</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The whole team</source>
        <translation>Tutta l&apos;équipe</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>My cases: the cases you follow and the visits you lead. Every case in charge is in Deadlines and Calendar.</source>
        <translation>Le mie cartelle: quelle che segui e le visite che conduci. Le cartelle di tutta l&apos;équipe sono in Scadenze e Calendario.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Show:</source>
        <translation>&amp;Mostra:</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Overdue (%1)</source>
        <translation>Scadute (%1)</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Loading…</source>
        <translation>Caricamento…</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Today, %1 %2</source>
        <translation>Oggi, %1 %2</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>You do not follow any open case yet: here are the whole team&apos;s.</source>
        <translation>Non segui ancora nessuna cartella aperta: ecco quelle di tutta l&apos;équipe.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>%1 overdue deadlines · %2 drafts to close</source>
        <translation>Scadenze scadute: %1 · bozze da chiudere: %2</translation>
    </message>
</context>
<context>
    <name>UnlockWindow</name>
    <message>
        <location filename="../../ui/unlock.py" line="+95"/>
        <source>Minori e Famiglie — Unlock</source>
        <translation>Minori e Famiglie — Sblocca</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Minori e Famiglie</source>
        <translation>Minori e Famiglie</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The case files are encrypted. Enter your passphrase to open them.</source>
        <translation>Le cartelle sono cifrate. Inserisci la passphrase per aprirle.</translation>
    </message>
    <message>
        <location line="+45"/>
        <location line="+1"/>
        <source>Passphrase</source>
        <translation>Passphrase</translation>
    </message>
    <message>
        <location line="-38"/>
        <location line="+2"/>
        <location line="+92"/>
        <source>Unlock</source>
        <translation>Sblocca</translation>
    </message>
    <message>
        <location line="-87"/>
        <source>Error message</source>
        <translation>Messaggio di errore</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>About</source>
        <translation>Informazioni</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Version, licence and third-party components</source>
        <translation>Versione, licenza e componenti di terze parti</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Caps Lock is on</source>
        <translation>Bloc Maiusc attivo</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Unlocking…</source>
        <translation>Sblocco in corso…</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Locked at %1</source>
        <translation>Bloccato alle %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Locked after inactivity at %1</source>
        <translation>Bloccato per inattività alle %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Locked when the computer went to sleep at %1</source>
        <translation>Bloccato alla sospensione del computer alle %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Locked when the session was locked at %1</source>
        <translation>Bloccato al blocco della sessione alle %1</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Hide the passphrase</source>
        <translation>Nascondi la passphrase</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Show the passphrase</source>
        <translation>Mostra la passphrase</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>Wrong passphrase.</source>
        <translation>Passphrase errata.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Demo profile with synthetic data. Passphrase: %1</source>
        <translation>Profilo dimostrativo con dati sintetici. Passphrase: %1</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Restoring the backup. Checking every case file may take a while, up to a minute on a big profile.</source>
        <translation>Ripristino del backup in corso. Il controllo di tutte le cartelle può richiedere un po&apos; di tempo, fino a un minuto su un profilo grande.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Restoring…</source>
        <translation>Ripristino…</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Wrong passphrase. You can try again.</source>
        <translation>Passphrase errata. Puoi riprovare.</translation>
    </message>
    <message numerus="yes">
        <location line="+6"/>
        <source>Wrong passphrase. Next attempt in %n second(s).</source>
        <translation>
            <numerusform>Passphrase errata. Nuovo tentativo tra %n secondo.</numerusform>
            <numerusform>Passphrase errata. Nuovo tentativo tra %n secondi.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>VisitEditorWindow</name>
    <message>
        <location filename="../../ui/visit_editor/window.py" line="+106"/>
        <source>Visit</source>
        <translation>Visita</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Loading…</source>
        <translation>Caricamento…</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>Saved automatically · Ctrl+S save now · Ctrl+Enter close and sign · Esc close</source>
        <translation>Salvataggio automatico · Ctrl+S salva ora · Ctrl+Enter chiudi e firma · Esc chiudi</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+1"/>
        <source>Save now</source>
        <translation>Salva ora</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save the draft now (Ctrl+S)</source>
        <translation>Salva subito la bozza (Ctrl+S)</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+2"/>
        <location line="+208"/>
        <source>Close and sign</source>
        <translation>Chiudi e firma</translation>
    </message>
    <message>
        <location line="-206"/>
        <source>Close and sign the visit: it becomes read-only (Ctrl+Enter)</source>
        <translation>Chiudi e firma la visita: diventa di sola lettura (Ctrl+Enter)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Close</source>
        <translation>Chiudi</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Close the window</source>
        <translation>Chiudi la finestra</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Close the window; the draft stays saved (Esc)</source>
        <translation>Chiudi la finestra; la bozza resta salvata (Esc)</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Print visit sheet</source>
        <translation>Stampa scheda visita</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Preview and print the signed visit sheet</source>
        <translation>Anteprima e stampa della scheda della visita firmata</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Print record</source>
        <translation>Stampa verbale</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Preview and print the record of the facilitated meeting</source>
        <translation>Anteprima e stampa del verbale dell&apos;incontro facilitato</translation>
    </message>
    <message>
        <location line="+75"/>
        <source>Visit — %1</source>
        <translation>Visita — %1</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Draft recovered after an unexpected close: check it and go on</source>
        <translation>Bozza recuperata dopo una chiusura imprevista: controllala e continua</translation>
    </message>
    <message>
        <location line="+73"/>
        <source>To close and sign, fix: %1</source>
        <translation>Per chiudere e firmare manca o va corretto: %1</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Close and sign this visit?

From now on it is read-only: it can no longer be changed, only amendments can be added after the signed text.</source>
        <translation>Chiudere e firmare questa visita?

Da questo momento sarà di sola lettura: non si potrà più modificare, si potranno solo aggiungere integrazioni dopo il testo firmato.</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Closed and signed on %1 at %2</source>
        <translation>Chiusa e firmata il %1 alle %2</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Read-only: closed and signed · Esc close</source>
        <translation>Sola lettura: chiusa e firmata · Esc chiudi</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>New visit: saved automatically as you type</source>
        <translation>Nuova visita: salvata automaticamente mentre scrivi</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Draft</source>
        <translation>Bozza</translation>
    </message>
</context>
<context>
    <name>VisitForm</name>
    <message>
        <location filename="../../ui/visit_editor/form.py" line="+130"/>
        <source>&amp;Date</source>
        <translation>&amp;Data</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Start</source>
        <translation>&amp;Inizio</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;End</source>
        <translation>&amp;Fine</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&amp;Kind</source>
        <translation>&amp;Tipo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Outcome</source>
        <translation>&amp;Esito</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Place</source>
        <translation>&amp;Luogo</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Persons present</source>
        <translation>Persone presenti</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>PEI goals worked on</source>
        <translation>Obiettivi del PEI su cui si è lavorato</translation>
    </message>
    <message>
        <location line="+9"/>
        <location line="+354"/>
        <source>Observations</source>
        <translation>Osservazioni</translation>
    </message>
    <message>
        <location line="-337"/>
        <location line="+397"/>
        <source>Date</source>
        <translation>Data</translation>
    </message>
    <message>
        <location line="-395"/>
        <location line="+396"/>
        <source>Start time</source>
        <translation>Ora di inizio</translation>
    </message>
    <message>
        <location line="-394"/>
        <location line="+395"/>
        <source>End time</source>
        <translation>Ora di fine</translation>
    </message>
    <message>
        <location line="-385"/>
        <source>Kind of visit</source>
        <translation>Tipo di visita</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Outcome</source>
        <translation>Esito</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Home</source>
        <translation>Domicilio</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>School</source>
        <translation>Scuola</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Neutral space</source>
        <translation>Spazio neutro</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Outside</source>
        <translation>Esterno</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+371"/>
        <source>Place</source>
        <translation>Luogo</translation>
    </message>
    <message>
        <location line="-368"/>
        <source>Home, school, neutral space…</source>
        <translation>Domicilio, scuola, spazio neutro…</translation>
    </message>
    <message>
        <location line="+8"/>
        <location line="+4"/>
        <location line="+357"/>
        <source>Description of the visit</source>
        <translation>Descrizione della visita</translation>
    </message>
    <message>
        <location line="-360"/>
        <source>What happened, activities, the child, the adults, the relationship…</source>
        <translation>Cosa è successo, attività, il minore, gli adulti, la relazione…</translation>
    </message>
    <message>
        <location line="+10"/>
        <location line="+20"/>
        <source>Verified facts</source>
        <translation>Fatti accertati</translation>
    </message>
    <message>
        <location line="-20"/>
        <source>What the service saw or verified</source>
        <translation>Cosa il servizio ha osservato o verificato</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+18"/>
        <source>Statements</source>
        <translation>Dichiarazioni</translation>
    </message>
    <message>
        <location line="-18"/>
        <source>What parents, the child, others said</source>
        <translation>Cosa hanno detto i genitori, il minore, altri</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+15"/>
        <source>Professional evaluations</source>
        <translation>Valutazioni professionali</translation>
    </message>
    <message>
        <location line="-14"/>
        <source>Your assessment, and the method used</source>
        <translation>La tua valutazione e il metodo usato</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>For reports to the court: kept separate</source>
        <translation>Per le relazioni al Tribunale: tenuti distinti</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Since the 2022 reform, reports to the court keep verified facts, statements and professional evaluations apart.</source>
        <translation>Dalla riforma del 2022, le relazioni al Tribunale tengono distinti fatti accertati, dichiarazioni e valutazioni professionali.</translation>
    </message>
    <message>
        <location line="+25"/>
        <location line="+4"/>
        <source>Agreements and next steps</source>
        <translation>Accordi e prossimi passi</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>Agreements, next appointment, what to tell the social worker</source>
        <translation>Accordi, prossimo appuntamento, cosa riferire all&apos;assistente sociale</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Method of the evaluation</source>
        <translation>Metodo della valutazione</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Direct observation, interview, structured observation grid…</source>
        <translation>Osservazione diretta, colloquio, griglia di osservazione…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Method of the evaluation</source>
        <translation>&amp;Metodo della valutazione</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Pasted text too long: the last %1 characters were left out</source>
        <translation>Testo incollato troppo lungo: gli ultimi %1 caratteri non sono stati inseriti</translation>
    </message>
    <message>
        <location line="+59"/>
        <source>Present: %1</source>
        <translation>Presente: %1</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>No persons in this case yet.</source>
        <translation>Ancora nessuna persona in questa cartella.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Goal worked on: %1</source>
        <translation>Obiettivo su cui si è lavorato: %1</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>No goals in progress in this case.</source>
        <translation>Nessun obiettivo in corso in questa cartella.</translation>
    </message>
    <message>
        <location line="+60"/>
        <location line="+95"/>
        <source>The end time must be after the start time.</source>
        <translation>L&apos;ora di fine deve essere successiva all&apos;ora di inizio.</translation>
    </message>
    <message>
        <location line="-69"/>
        <source>Date in the future</source>
        <translation>Data futura</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The date %1 is in the future, but the visit is marked as done.

Keep this date?</source>
        <translation>La data %1 è futura, ma la visita è segnata come svolta.

Mantenere questa data?</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Observations of the facilitated meeting</source>
        <translation>Osservazioni dell&apos;incontro facilitato</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Overlaps the visit of %1 %2–%3 by the same operator: the common time is counted once.</source>
        <translation>Si sovrappone alla visita del %1 %2–%3 dello stesso operatore: il tempo in comune è contato una volta sola.</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>A visit in the future cannot be closed yet</source>
        <translation>Una visita con data futura non si può ancora chiudere</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Required to close and sign</source>
        <translation>Obbligatorio per chiudere e firmare</translation>
    </message>
</context>
<context>
    <name>VisitPrinting</name>
    <message>
        <location filename="../../ui/printing/visit.py" line="+43"/>
        <source>Visit sheet %1</source>
        <translation>Scheda visita %1</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Facilitated meeting record %1</source>
        <translation>Verbale di incontro facilitato %1</translation>
    </message>
</context>
<context>
    <name>_Section</name>
    <message>
        <location filename="../../ui/pages/today.py" line="-231"/>
        <location line="+17"/>
        <source>Loading…</source>
        <translation>Caricamento…</translation>
    </message>
</context>
</TS>
