-- A harkd database at schema version 1, as harkd wrote it: alice, bob and carol; a C2C
-- conversation with text, a file and an image (a PNG named dot.jpg); the group "team" with
-- one message; an upload abandoned long ago (created 2023-11-14, no bytes on disk).
-- The two stored files are in media/files/ beside this file.
PRAGMA user_version = 1;
BEGIN TRANSACTION;
CREATE TABLE users(
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    acked_inbox INTEGER NOT NULL DEFAULT 0,
    created INTEGER NOT NULL);
INSERT INTO users VALUES(1,'alice',0,1767225600);
INSERT INTO users VALUES(2,'bob',0,1767225600);
INSERT INTO users VALUES(3,'carol',0,1767225600);
CREATE TABLE convs(
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE);
INSERT INTO convs VALUES(1,'c:1:2');
INSERT INTO convs VALUES(2,'g:1');
CREATE TABLE groups(
    id INTEGER PRIMARY KEY,
    group_id TEXT NOT NULL UNIQUE,
    type TEXT NOT NULL,
    name TEXT NOT NULL,
    owner INTEGER NOT NULL,
    conv INTEGER NOT NULL,
    created INTEGER NOT NULL);
INSERT INTO "groups" VALUES(1,'team','Public','Team',1,2,1767225600);
CREATE TABLE members(
    grp INTEGER NOT NULL,
    user INTEGER NOT NULL,
    role INTEGER NOT NULL,
    join_time INTEGER NOT NULL,
    PRIMARY KEY(grp, user)) WITHOUT ROWID;
INSERT INTO members VALUES(1,1,400,1767225600);
INSERT INTO members VALUES(1,2,200,1767225600);
CREATE TABLE messages(
    conv INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    sender INTEGER NOT NULL,
    msg_id TEXT NOT NULL,
    time INTEGER NOT NULL,
    targeted INTEGER NOT NULL DEFAULT 0,
    body TEXT NOT NULL,
    PRIMARY KEY(conv, seq)) WITHOUT ROWID;
INSERT INTO messages VALUES(1,1,1,'a1',1767225600,0,'{"msg_id":"a1","sender":"alice","receiver":"bob","seq":1,"time":1767225600,"priority":"default","elems":[{"type":"text","text":"hello bob"}]}');
INSERT INTO messages VALUES(1,2,2,'b1',1767225600,0,'{"msg_id":"b1","sender":"bob","receiver":"alice","seq":2,"time":1767225600,"priority":"default","elems":[{"type":"text","text":"hi alice"}]}');
INSERT INTO messages VALUES(1,3,1,'a3',1767225600,0,'{"msg_id":"a3","sender":"alice","receiver":"bob","seq":3,"time":1767225600,"priority":"default","elems":[{"type":"file","uuid":"9f753cb5ae7fb72a9b2acd9903169ba7","name":"notes.txt","size":30}]}');
INSERT INTO messages VALUES(1,4,1,'a4',1767225600,0,'{"msg_id":"a4","sender":"alice","receiver":"bob","seq":4,"time":1767225600,"priority":"default","elems":[{"type":"image","images":[{"kind":"origin","uuid":"7cdc69535ceadb4421dfb4039e4b229b","size":107,"width":4,"height":3},{"kind":"large","uuid":"7cdc69535ceadb4421dfb4039e4b229b","size":107,"width":4,"height":3},{"kind":"thumb","uuid":"7cdc69535ceadb4421dfb4039e4b229b","size":107,"width":4,"height":3}]}]}');
INSERT INTO messages VALUES(2,1,1,'a2',1767225600,0,'{"msg_id":"a2","sender":"alice","group":"team","seq":1,"time":1767225600,"priority":"default","elems":[{"type":"text","text":"hello team"}]}');
CREATE TABLE message_targets(
    conv INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    user INTEGER NOT NULL,
    PRIMARY KEY(conv, seq, user)) WITHOUT ROWID;
CREATE TABLE inbox(
    user INTEGER NOT NULL,
    n INTEGER NOT NULL,
    conv INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    PRIMARY KEY(user, n)) WITHOUT ROWID;
INSERT INTO inbox VALUES(1,1,1,1);
INSERT INTO inbox VALUES(1,2,1,2);
INSERT INTO inbox VALUES(1,3,2,1);
INSERT INTO inbox VALUES(1,4,1,3);
INSERT INTO inbox VALUES(1,5,1,4);
INSERT INTO inbox VALUES(2,1,1,1);
INSERT INTO inbox VALUES(2,2,1,2);
INSERT INTO inbox VALUES(2,3,2,1);
INSERT INTO inbox VALUES(2,4,1,3);
INSERT INTO inbox VALUES(2,5,1,4);
CREATE TABLE uploads(
    id TEXT NOT NULL PRIMARY KEY,
    owner INTEGER NOT NULL,
    kind TEXT NOT NULL,
    size INTEGER NOT NULL,
    name TEXT NOT NULL,
    created INTEGER NOT NULL,
    media TEXT) WITHOUT ROWID;
INSERT INTO uploads VALUES('48072d83f4963a1cf5cf17822d96adb8',1,'image',107,'dot.jpg',1767225600,'7cdc69535ceadb4421dfb4039e4b229b');
INSERT INTO uploads VALUES('4d282d135faf2ed0931dcb7ff956be5e',1,'file',100,'half.bin',1700000000,NULL);
INSERT INTO uploads VALUES('a5ea97c3f29a201bf351c7ed9e00e94e',1,'file',30,'notes.txt',1767225600,'9f753cb5ae7fb72a9b2acd9903169ba7');
CREATE TABLE media(
    uuid TEXT NOT NULL PRIMARY KEY,
    owner INTEGER NOT NULL,
    kind TEXT NOT NULL,
    size INTEGER NOT NULL,
    name TEXT NOT NULL,
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    original TEXT,
    large TEXT,
    thumb TEXT,
    created INTEGER NOT NULL) WITHOUT ROWID;
INSERT INTO media VALUES('7cdc69535ceadb4421dfb4039e4b229b',1,'image',107,'dot.jpg',4,3,NULL,'7cdc69535ceadb4421dfb4039e4b229b','7cdc69535ceadb4421dfb4039e4b229b',1767225600);
INSERT INTO media VALUES('9f753cb5ae7fb72a9b2acd9903169ba7',1,'file',30,'notes.txt',0,0,NULL,NULL,NULL,1767225600);
CREATE TABLE media_refs(
    uuid TEXT NOT NULL,
    grp INTEGER NOT NULL,
    target INTEGER NOT NULL,
    PRIMARY KEY(uuid, grp, target)) WITHOUT ROWID;
INSERT INTO media_refs VALUES('7cdc69535ceadb4421dfb4039e4b229b',0,2);
INSERT INTO media_refs VALUES('9f753cb5ae7fb72a9b2acd9903169ba7',0,2);
CREATE TABLE push_tokens(
    token TEXT NOT NULL PRIMARY KEY,
    user INTEGER NOT NULL,
    business_id INTEGER NOT NULL,
    updated INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE push_outbox(
    id INTEGER PRIMARY KEY,
    due INTEGER NOT NULL,
    attempts INTEGER NOT NULL,
    body TEXT NOT NULL);
CREATE UNIQUE INDEX messages_by_sender_msg_id ON messages(sender, msg_id);
CREATE INDEX push_tokens_by_user ON push_tokens(user);
CREATE INDEX push_outbox_by_due ON push_outbox(due, id);
COMMIT;
