import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { featureVersion, findJava, versionFromJavaVersionOutput, versionFromRelease } from '../../src/java';
import { FakeFs } from './fakeProbe';

describe('Java versions', () => {
  it('reads feature versions in every spelling', () => {
    assert.equal(featureVersion('21.0.2'), 21);
    assert.equal(featureVersion('1.8.0_392'), 8);
    assert.equal(featureVersion('25'), 25);
    assert.equal(featureVersion('22-ea'), 22);
    assert.equal(featureVersion('garbage'), undefined);
  });
  it('reads the release file and java -version', () => {
    assert.equal(versionFromRelease('IMPLEMENTOR="x"\nJAVA_VERSION="17.0.9"\n'), 17);
    assert.equal(versionFromRelease('nothing'), undefined);
    assert.equal(versionFromJavaVersionOutput('openjdk version "21.0.2" 2024-01-16\nOpenJDK Runtime'), 21);
    assert.equal(versionFromJavaVersionOutput('java version "1.8.0_401"'), 8);
  });
});

describe('findJava', () => {
  it('takes a JDK 21+ from the setting, as a home or as its bin/java', () => {
    const fs = new FakeFs().addJdk({ home: '/opt/jdk21', version: '21.0.4' });
    for (const setting of ['/opt/jdk21', '/opt/jdk21/', '/opt/jdk21/bin/java']) {
      const r = findJava(setting, fs);
      assert.ok(r.ok, setting);
      assert.equal(r.home, '/opt/jdk21');
      assert.equal(r.java, '/opt/jdk21/bin/java');
      assert.equal(r.version, 21);
      assert.equal(r.source, 'setting');
    }
  });

  it('reports a setting that is too old or wrong instead of silently using another Java', () => {
    const fs = new FakeFs('linux', { JAVA_HOME: '/usr/lib/jvm/temurin-25' })
      .addJdk({ home: '/usr/lib/jvm/java-17', version: '17.0.9' })
      .addJdk({ home: '/usr/lib/jvm/temurin-25', version: '25' });
    const old = findJava('/usr/lib/jvm/java-17', fs);
    assert.equal(old.ok, false);
    assert.match(!old.ok ? old.message : '', /Java 17.*needs Java 21 or newer/);
    const missing = findJava('/nowhere', fs);
    assert.equal(missing.ok, false);
    assert.match(!missing.ok ? missing.message : '', /no Java there/);
  });

  it('prefers JAVA_HOME, then the PATH, when new enough', () => {
    const fs = new FakeFs('linux', { JAVA_HOME: '/opt/jdk22', PATH: '/usr/bin:/bin' })
      .addJdk({ home: '/opt/jdk22', version: '22' })
      .addJdk({ home: '/usr/lib/jvm/temurin-25', version: '25' });
    const r = findJava('', fs);
    assert.ok(r.ok);
    assert.equal(r.home, '/opt/jdk22');
    assert.equal(r.source, 'JAVA_HOME');
  });

  it('follows the java on the PATH through symlinks to its home', () => {
    const fs = new FakeFs('linux', { PATH: '/usr/local/bin:/usr/bin' }).addJdk({ home: '/usr/lib/jvm/java-21-openjdk-amd64', version: '21.0.5' });
    fs.addFile('/usr/bin/java');
    fs.files.delete('/usr/bin/java');
    fs.links.set('/usr/bin/java', '/etc/alternatives/java');
    fs.links.set('/etc/alternatives/java', '/usr/lib/jvm/java-21-openjdk-amd64/bin/java');
    const r = findJava('', fs);
    assert.ok(r.ok);
    assert.equal(r.home, '/usr/lib/jvm/java-21-openjdk-amd64');
    assert.equal(r.source, 'PATH');
  });

  it('skips a JAVA_HOME that is too old and picks the newest full JDK found (the Debian image: 17 default, 25 beside it)', () => {
    const fs = new FakeFs('linux', { JAVA_HOME: '/usr/lib/jvm/java-17-openjdk-amd64', PATH: '/usr/bin' })
      .addJdk({ home: '/usr/lib/jvm/java-17-openjdk-amd64', version: '17.0.13' })
      .addJdk({ home: '/usr/lib/jvm/temurin-21-jre', version: '24', javac: false })
      .addJdk({ home: '/usr/lib/jvm/temurin-21-jdk-amd64', version: '21.0.5' })
      .addJdk({ home: '/usr/lib/jvm/temurin-25-jdk-amd64', version: '25.0.1' });
    fs.links.set('/usr/bin/java', '/usr/lib/jvm/java-17-openjdk-amd64/bin/java');
    fs.files.add('/usr/bin/java');
    const r = findJava('', fs);
    assert.ok(r.ok);
    assert.equal(r.home, '/usr/lib/jvm/temurin-25-jdk-amd64');
    assert.equal(r.source, 'search');
    assert.equal(r.warning, undefined);
  });

  it('uses a JRE when nothing better exists, with a warning about building tools', () => {
    const fs = new FakeFs().addJdk({ home: '/usr/lib/jvm/jre-21', version: '21', javac: false });
    const r = findJava('', fs);
    assert.ok(r.ok);
    assert.equal(r.hasJavac, false);
    assert.match(r.warning ?? '', /no javac/);
  });

  it('runs java -version only when there is no release file', () => {
    const fs = new FakeFs().addJdk({ home: '/usr/lib/jvm/odd', versionOutput: 'openjdk version "23" 2024-09-17' });
    const r = findJava('', fs);
    assert.ok(r.ok);
    assert.equal(r.version, 23);
    assert.deepEqual(fs.javaVersionCalls, ['/usr/lib/jvm/odd/bin/java']);
  });

  it('finds macOS, SDKMAN and ~/.jdks installs', () => {
    const mac = new FakeFs('darwin', {}, '/Users/u').addJdk({ home: '/Library/Java/JavaVirtualMachines/temurin-21.jdk/Contents/Home', version: '21.0.1' });
    const m = findJava('', mac);
    assert.ok(m.ok);
    assert.equal(m.home, '/Library/Java/JavaVirtualMachines/temurin-21.jdk/Contents/Home');
    const sdk = new FakeFs('linux', {}, '/home/u').addJdk({ home: '/home/u/.sdkman/candidates/java/21.0.2-tem', version: '21.0.2' });
    assert.ok(findJava('', sdk).ok);
    const jdks = new FakeFs('linux', {}, '/home/u').addJdk({ home: '/home/u/.jdks/corretto-22', version: '22' });
    assert.ok(findJava('', jdks).ok);
  });

  it('says how to get a JDK, per platform, and lists the too-old ones it saw', () => {
    const linux = findJava('', new FakeFs('linux', {}).addJdk({ home: '/usr/lib/jvm/java-17', version: '17' }));
    assert.equal(linux.ok, false);
    const msg = !linux.ok ? linux.message : '';
    assert.match(msg, /Java 21 or newer/);
    assert.match(msg, /Found only: Java 17 at \/usr\/lib\/jvm\/java-17/);
    assert.match(msg, /apt-get install openjdk-21-jdk/);
    assert.match(msg, /ironclaw4j\.java\.home/);
    const mac = findJava('', new FakeFs('darwin', {}, '/Users/u'));
    assert.match(!mac.ok ? mac.message : '', /brew install openjdk@21/);
    const win = findJava('', new FakeFs('win32', {}, 'C:\\Users\\u'));
    assert.match(!win.ok ? win.message : '', /adoptium/);
  });
});
