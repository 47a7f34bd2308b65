/** Texts of the add-account screen. English is the reference; keys start with a prefix unique to the screen. */
export const enAddAccount = {
  addHeading: 'Add an account',

  // Region
  addRegionLegend: 'Coze site',
  addRegionCom: 'coze.com (international)',
  addRegionCn: 'coze.cn (China)',
  addRegionHelp:
    'An account, an app and a token each belong to one region: pick the site where you created them.',

  // App profile
  addProfileHeading: 'App profile',
  addProfileSelect: 'OAuth app to sign in through',
  addProfileHelp:
    'Pick the OAuth app, registered on the Coze console, that this sign-in goes through.',
  addProfilePlaceholder: 'Choose an app profile',
  addProfileBundled: '{name} (came with the app)',
  addProfileCustom: '{name} (custom deployment)',
  addProfileGroupPkce: 'Browser sign-in (PKCE)',
  addProfileGroupWeb: 'Browser sign-in (web app)',
  addProfileGroupDevice: 'Sign-in with a code (device)',
  addProfileGroupJwt: 'Service apps (JWT)',
  addProfileClientId: 'Client ID {clientId}',
  addProfileSecretStored: 'client secret stored',
  addProfileNoSecret: 'no client secret stored',
  addProfileBundledNote: 'came with the app, so it cannot be changed or removed',
  addProfileEmpty:
    'There is no app profile for {region} yet. Import the configuration file of your OAuth app below, or create a profile with New profile.',
  addProfileNew: 'New profile…',
  addProfileEdit: 'Edit profile',
  addProfileRemove: 'Remove profile…',
  addProfileRemoveTitle: 'Remove the profile "{name}"?',
  addProfileRemoveBody:
    'The profile, and any client secret or private key stored with it, are deleted from this computer. Accounts already signed in with it stay, but those from a web or service (JWT) app can no longer be refreshed.',
  addProfileRemoveConfirm: 'Remove',

  // Importing a profile file
  addImportHeading: 'Import a profile file',
  addImportHelp:
    'The coze_oauth_config.json the Coze console lets you download for an OAuth app, or a profile file saved by this app.',
  addImportChoose: 'Choose a file to import…',
  addImportUse: 'Import',
  addImportPath: 'Full path of the file',
  addImportPathHelp:
    'For example /home/you/Downloads/coze_oauth_config.json. The app reads the file itself.',
  addImportDone: 'Imported "{name}".',
  addImportWarnings: 'Check these points before you sign in:',
  addImportWarningRedirectAssumed:
    "The file names no redirect URI, so {uri} (what Coze's quickstarts use) was assumed. It must be registered for the app on the Coze console; edit the profile if yours is different.",
  addFileCancelled: 'No file was chosen.',
  addFilePathRequired: 'Type the full path of the file first.',

  // The ways to sign in
  addMethodLabel: 'How to sign in',
  addMethodBrowser: 'Sign in with browser',
  addMethodDevice: 'Sign in with a code',
  addMethodJwt: 'Service app (JWT)',
  addMethodPaste: 'Paste a token',
  addMethodLocked: 'A sign-in is running. Cancel it to choose another way or another app.',
  addMethodNoProfile:
    'None of the app profiles for {region} signs in this way. Pick another profile above, import one, or create one with New profile.',
  addMethodNeedsProfile: 'Signing in this way needs an app profile: import or create one above.',
  addCancelSignIn: 'Cancel sign-in',
  addLeaveCancels: 'Leaving this screen cancels the sign-in.',
  addCopied: 'Copied.',
  addCopyFailed: 'Could not copy. Select the text and copy it yourself.',

  // Browser
  addBrowserIntro:
    'Your web browser opens the Coze page where you approve access. Once you approve, the sign-in finishes here by itself.',
  addBrowserStart: 'Sign in with browser',
  addBrowserWaiting: 'Waiting for you to approve in the browser…',
  addBrowserNoAnswer: 'Nothing arrived. Is this app on the other region?',
  addBrowserFallback: 'The Coze page is opening in your browser. Approve access there.',
  addBrowserOpenedFallback:
    'The Coze page has opened in your browser. Approve access there, and you are signed in here.',
  addBrowserOpenFailed:
    'Your browser could not be opened. Copy the link and open it in a browser on this computer to sign in.',
  addCopyLink: 'Copy link',
  addBrowserIgnored:
    'A visit to the sign-in address that did not belong to this sign-in was ignored (so far: {count}). Finish on the Coze page this app opened.',
  addBrowserNeedsSecret:
    'This web app has no client secret stored, so Coze would refuse the sign-in. Edit the profile and enter the secret first.',

  // Device code
  addDeviceIntro:
    'You get a short code. Approve it on the Coze page, on this computer or on your phone, and the sign-in finishes here by itself.',
  addDeviceStart: 'Get a code',
  addDeviceCodeLabel: 'Your code',
  addDeviceCopy: 'Copy code',
  addDeviceOpening:
    'The Coze page is opening in your browser. Check that it shows this code, then approve.',
  addDeviceOpened:
    'The Coze page has opened in your browser. Check that it shows this code, then approve.',
  addDeviceOpenFailed:
    'Your browser could not be opened. Copy the link and open it on this computer or another device, or scan the QR code, and enter the code.',
  addDeviceVisit: 'On another device, open {host} and enter the code.',
  addDeviceQrLabel: 'QR code that opens {url} with the code filled in',
  addDeviceQrHelp: "Scan it with your phone's camera to approve on the phone.",
  addDeviceExpiresIn: 'The code expires in',
  addDeviceExpired: 'This code has expired and can no longer be approved.',
  addDeviceExpiredNow: 'The code has just expired. Get a new code to go on.',
  addDeviceRestart: 'Get a new code',

  // Service app (JWT)
  addJwtIntro:
    'A service app signs a request with its private key and gets a token for the app itself: nobody signs in. Preview the request first; nothing is sent to Coze until you choose Get token.',
  addJwtKeyLegend: 'Private key (private_key.pem)',
  addJwtKeyChosen: 'Chosen file:',
  addJwtKeyStored: 'A private key is stored for this app. Choose a file only to replace it.',
  addJwtKeyChoose: 'Choose the private key file…',
  addJwtKeyUse: 'Use this file',
  addJwtKeyPath: 'Full path of private_key.pem',
  addJwtKeyPathHelp: 'For example /home/you/keys/private_key.pem.',
  addJwtKeyDrop: 'You can also drop the file here.',
  addJwtDropNoPath:
    'This window cannot tell where a dropped file is. Type its full path above instead.',
  addJwtDropNoPathDesktop: 'The dropped file could not be used. Choose it with the button instead.',
  addJwtKeyPrivacy:
    'The app reads the key itself and keeps it in secure storage; this window never sees what is in it.',
  addJwtKeyId: 'Public key fingerprint (key ID)',
  addJwtKeyIdHelp: "Shown next to the public key on the app's page on the Coze console.",
  addJwtLifetime: 'Token lifetime in seconds',
  addJwtLifetimeHelp: 'From 1 to 86399 seconds (just under a day).',
  addJwtLifetimeIs: 'That is {duration}.',
  addJwtLifetimeInvalid: 'Use a whole number of seconds from 1 to 86399.',
  addJwtSession: 'Session name (optional)',
  addJwtSessionHelp: "A user ID from your own system, to keep each user's conversations apart.",
  addJwtPreview: 'Preview the request',
  addJwtStart: 'Get token',
  addJwtPreviewFirst:
    'Preview the request first. Changed fields are saved to the profile when you preview.',
  addJwtReady: 'This is what will be sent. Get token sends it to Coze.',
  addJwtPreviewHeading: 'The request that will be sent',
  addJwtTokenUrl: 'Sent to',
  addJwtDuration: 'Token lasts',
  addJwtSeconds: '{seconds} seconds',
  addJwtHeader: 'Header',
  addJwtClaimsCaption: 'Claims of the signed JWT',
  addJwtClaimName: 'Claim',
  addJwtClaimValue: 'Value',
  addJwtClaimMeaning: 'Meaning',
  addJwtClaimIss: "Issuer: your app's client ID",
  addJwtClaimAud: 'Audience: the Coze API host',
  addJwtClaimIat: 'Issued at: when the request is signed',
  addJwtClaimExp: 'Expiry: Coze refuses the signed request after this',
  addJwtClaimJti: 'A random value drawn when signing, so the request cannot be used twice',
  addJwtClaimSession: "Session name: keeps this user's conversations apart",

  // Paste a token
  addPasteIntro:
    'Paste a personal or service access token created on the Coze console for {region}. The app checks it with Coze before adding it.',
  addPasteKindLegend: 'Kind of token',
  addPasteKindPat: 'Personal access token (PAT)',
  addPasteKindSat: 'Service access token (SAT)',
  addPasteKindPatHelp:
    'Personal access tokens start with pat_. Create one on the Coze console, under personal access tokens in the API section.',
  addPasteKindSatHelp:
    'Service access tokens start with sat_. Create one on the Coze console, under service access tokens in the API section.',
  addPasteToken: 'Token',
  addPasteShow: 'Show token',
  addPasteHide: 'Hide token',
  addPasteTokenHelp:
    'It goes straight to the app, which keeps it in secure storage. It is not shown here again.',
  addPasteExpiry: 'Expires on (optional)',
  addPasteExpiryHelp:
    'The expiry date the console showed when you created the token. Leave it empty for a token that never expires.',
  addPasteExpiryInvalid: 'Enter a date, or leave the field empty.',
  addPasteExpiryPast: 'This date has passed. Check the expiry on the Coze console.',
  addPasteLabel: 'Name in the list (optional)',
  addPasteLabelHelp: 'For example "CI bot". Left empty, the name comes from the Coze user.',
  addPasteSubmit: 'Check and add',
  addPasteRequired: 'Paste the token first.',
  addPasteSwitch: 'Switch to {region} and add',
  addPasteFailed: 'The token was not added.',

  // Progress and outcome
  addStageStarting: 'Starting the sign-in…',
  addStageWaiting: 'Waiting for you to approve in the browser…',
  addStageOpenYourself: 'The browser did not open. Copy the link to sign in.',
  addStageExchanging: 'Approved. Finishing the sign-in…',
  addStageCodeReady: 'Approve the code on the Coze page.',
  addStagePolling: 'Waiting for the code to be approved…',
  addStageRetrying: 'Coze did not answer. Trying again in {seconds} s…',
  addStageFetching: 'Reading your account and workspaces…',
  addStageDone: 'Signed in as {label}. Opening the account…',
  addStageFailed: 'The sign-in did not work.',
  addStageCancelled: 'The sign-in was cancelled.',
  addStageChecking: 'Checking the token with Coze…',
  addSuccessBody: '{label} was added.',
  addOpenAccount: 'Open the account',
  addSwitchRegionSignIn: 'Sign in with {region} instead',

  // The profile form
  addFormNewHeading: 'New app profile',
  addFormEditHeading: 'Edit "{name}"',
  addFormIntro:
    "Copy these values from the app's page on the Coze console (OAuth apps). The profile is kept for {region}.",
  addFormName: 'Name',
  addFormNameHelp: 'Any name that helps you recognise the app.',
  addFormClientType: 'Kind of app',
  addFormClientTypeHelp:
    'The client type chosen when the app was created on the console. It decides how you sign in.',
  addFormTypePkce: 'Desktop or mobile app (PKCE): sign in with browser',
  addFormTypeWeb: 'Web app with a client secret: sign in with browser',
  addFormTypeDevice: 'Device app: sign in with a code',
  addFormTypeJwt: 'Service app (JWT): nobody signs in',
  addFormClientId: 'Client ID',
  addFormClientIdHelp: "Shown on the app's page on the console.",
  addFormRedirect: 'Redirect URI',
  addFormRedirectHelp:
    'Exactly as registered for the app on the console. It must point to this computer, with a port, such as http://127.0.0.1:8080/callback.',
  addFormSecret: 'Client secret',
  addFormSecretHelp:
    'Sent once to the app, which keeps it in secure storage. It is never shown again.',
  addFormSecretStored:
    'A client secret is stored. Leave this empty to keep it, or type a new one to replace it.',
  addFormRequired: 'Fill this in.',
  addFormClientIdInvalid: 'A client ID has only letters, digits, dots, dashes and underscores.',
  addFormRedirectInvalid:
    'Use an http address on this computer, with a port, such as http://127.0.0.1:8080/callback.',
  addFormKeyRequired: 'Choose the private key file (private_key.pem).',

  // The start screen: one way in per button, in plain words
  addWaysLabel: 'Ways to sign in',
  addWayBrowser: 'Sign in with your browser',
  addWayBrowserHelp: 'Approve on the Coze page that opens.',
  addWayDevice: 'Sign in on another device',
  addWayDeviceHelp: 'Get a code to enter on your phone or another computer.',
  addWayPaste: 'Use a token from the Coze console',
  addWayPasteHelp: 'Create a personal access token there and paste it here.',
  addWayJwt: 'Service app (for developers)',
  addWayJwtHelp: 'A token for an app, signed with its private key. Nobody signs in.',
  addBack: 'Back',
  addOtherApp: 'Use another app',
  addOtherAppIntro:
    'For developers: the Coze OAuth app this window signs in through. Choose one, import its file, or set one up.',
  addUsingApp: 'Signing in through {name}.',
  addNeedsAppBrowser:
    'Signing in with your browser needs a Coze app on {region}. Import the file you were given for it, or set one up below. No app? Use a token from the Coze console instead.',
  addNeedsAppDevice:
    'Signing in on another device needs a Coze device app on {region}. Import the file you were given for it, or set one up below. No app? Use a token from the Coze console instead.',
  addNeedsAppJwt:
    'A service app needs its profile on {region}: import its file or set it up below, with its private key.',

  // The sign-in in progress, as one card
  addCardBrowserTitle: 'Approve in your browser',
  addCardDeviceTitle: 'Enter this code',
  addCardFailedTitle: 'The sign-in did not finish',
  addCardDeclinedTitle: 'You declined the sign-in',
  addOpenAgain: 'Open the page again',

  // A token from the console
  addConsoleOpen: 'Open the Coze console ({region})',
  addConsoleStepCreate:
    'On the page that opens, choose Add new token: give it a name, an expiry and the permissions you need.',
  addConsoleStepPaste:
    'Copy the token it shows (it starts with pat_) and paste it below: it is checked and added at once.',
  addPasteMore: 'Kind, expiry and name',
  addClipboardOfferPat:
    'There is a personal access token on the clipboard. Add it as an account on {region}? The clipboard is cleared once it is added.',
  addClipboardOfferSat:
    'There is a service access token on the clipboard. Add it as an account on {region}? The clipboard is cleared once it is added.',
  addClipboardOfferAdd: 'Add it',
  addClipboardOfferNotNow: 'Not now',
} as const

export const zhAddAccount: Record<keyof typeof enAddAccount, string> = {
  addHeading: '添加账号',

  addRegionLegend: '扣子站点',
  addRegionCom: 'coze.com（国际版）',
  addRegionCn: 'coze.cn（国内版）',
  addRegionHelp: '账号、应用和令牌都只属于一个区域：请选择你创建它们时所在的站点。',

  addProfileHeading: '应用配置',
  addProfileSelect: '用于登录的 OAuth 应用',
  addProfileHelp: '请选择在扣子控制台注册的 OAuth 应用，本次登录将通过它完成。',
  addProfilePlaceholder: '请选择应用配置',
  addProfileBundled: '{name}（应用内置）',
  addProfileCustom: '{name}（自定义部署）',
  addProfileGroupPkce: '浏览器登录（PKCE）',
  addProfileGroupWeb: '浏览器登录（Web 应用）',
  addProfileGroupDevice: '设备码登录',
  addProfileGroupJwt: '服务类应用（JWT）',
  addProfileClientId: '客户端 ID {clientId}',
  addProfileSecretStored: '已保存客户端密钥',
  addProfileNoSecret: '未保存客户端密钥',
  addProfileBundledNote: '应用内置，无法修改或删除',
  addProfileEmpty:
    '{region} 还没有应用配置。请在下方导入 OAuth 应用的配置文件，或点击“新建配置”手动创建。',
  addProfileNew: '新建配置…',
  addProfileEdit: '编辑配置',
  addProfileRemove: '删除配置…',
  addProfileRemoveTitle: '要删除配置“{name}”吗？',
  addProfileRemoveBody:
    '此配置及随它保存的客户端密钥或私钥将从这台电脑上删除。已经用它登录的账号会保留，但来自 Web 应用或服务类（JWT）应用的账号将无法再续期。',
  addProfileRemoveConfirm: '删除',

  addImportHeading: '导入配置文件',
  addImportHelp:
    '可以是在扣子控制台为 OAuth 应用下载的 coze_oauth_config.json，也可以是本应用保存的配置文件。',
  addImportChoose: '选择要导入的文件…',
  addImportUse: '导入',
  addImportPath: '文件的完整路径',
  addImportPathHelp: '例如 /home/you/Downloads/coze_oauth_config.json。文件由应用自己读取。',
  addImportDone: '已导入“{name}”。',
  addImportWarnings: '登录前请检查以下几点：',
  addImportWarningRedirectAssumed:
    '文件中没有重定向 URI，已按扣子快速入门示例的做法使用 {uri}。该地址必须已在扣子控制台为此应用注册；如果你的地址不同，请编辑配置。',
  addFileCancelled: '没有选择文件。',
  addFilePathRequired: '请先输入文件的完整路径。',

  addMethodLabel: '登录方式',
  addMethodBrowser: '浏览器登录',
  addMethodDevice: '设备码登录',
  addMethodJwt: '服务类应用（JWT）',
  addMethodPaste: '粘贴令牌',
  addMethodLocked: '正在登录。如需换一种方式或换一个应用，请先取消当前登录。',
  addMethodNoProfile:
    '{region} 的应用配置都不支持这种登录方式。请在上方选择其他配置、导入配置，或点击“新建配置”创建。',
  addMethodNeedsProfile: '这种登录方式需要应用配置：请先在上方导入或新建一个。',
  addCancelSignIn: '取消登录',
  addLeaveCancels: '离开此页面会取消本次登录。',
  addCopied: '已复制。',
  addCopyFailed: '复制失败。请选中文字后手动复制。',

  addBrowserIntro: '浏览器会打开扣子的授权页面，请在页面上同意授权。授权后，这里会自动完成登录。',
  addBrowserStart: '使用浏览器登录',
  addBrowserWaiting: '正在等待你在浏览器中授权…',
  addBrowserNoAnswer: '还没有收到回应。这个应用是否在另一个区域？',
  addBrowserFallback: '正在浏览器中打开扣子页面。请在那里同意授权。',
  addBrowserOpenedFallback: '扣子页面已在浏览器中打开。在那里同意授权后，这里就会完成登录。',
  addBrowserOpenFailed: '无法打开浏览器。请复制链接，在这台电脑的浏览器中打开以完成登录。',
  addCopyLink: '复制链接',
  addBrowserIgnored:
    '有不属于本次登录的请求访问了登录回调地址，已忽略（目前共 {count} 次）。请在应用打开的扣子页面上完成授权。',
  addBrowserNeedsSecret: '此 Web 应用没有保存客户端密钥，扣子会拒绝登录。请先编辑配置并填写密钥。',

  addDeviceIntro:
    '你会得到一个简短的设备码。在这台电脑或手机上打开扣子页面确认该设备码后，这里会自动完成登录。',
  addDeviceStart: '获取设备码',
  addDeviceCodeLabel: '你的设备码',
  addDeviceCopy: '复制设备码',
  addDeviceOpening: '正在浏览器中打开扣子页面。请确认页面显示的是这个设备码，然后同意授权。',
  addDeviceOpened: '扣子页面已在浏览器中打开。请确认页面显示的是这个设备码，然后同意授权。',
  addDeviceOpenFailed:
    '无法打开浏览器。请复制链接，在这台电脑或其他设备上打开，或扫描二维码，然后输入设备码。',
  addDeviceVisit: '也可以在其他设备上打开 {host} 并输入设备码。',
  addDeviceQrLabel: '二维码：打开已填好设备码的 {url}',
  addDeviceQrHelp: '用手机相机扫描，即可在手机上完成授权。',
  addDeviceExpiresIn: '设备码剩余有效时间',
  addDeviceExpired: '此设备码已过期，无法再用于授权。',
  addDeviceExpiredNow: '设备码刚刚过期。请获取新的设备码后继续。',
  addDeviceRestart: '获取新的设备码',

  addJwtIntro:
    '服务类应用用私钥签名请求，为应用本身获取令牌，无需任何人登录。请先预览请求；在你点击“获取令牌”之前，不会向扣子发送任何内容。',
  addJwtKeyLegend: '私钥（private_key.pem）',
  addJwtKeyChosen: '已选择的文件：',
  addJwtKeyStored: '此应用已保存私钥。只有需要替换时才需重新选择文件。',
  addJwtKeyChoose: '选择私钥文件…',
  addJwtKeyUse: '使用此文件',
  addJwtKeyPath: 'private_key.pem 的完整路径',
  addJwtKeyPathHelp: '例如 /home/you/keys/private_key.pem。',
  addJwtKeyDrop: '也可以把文件拖放到这里。',
  addJwtDropNoPath: '此窗口无法得知拖入文件的位置。请改为在上方输入它的完整路径。',
  addJwtDropNoPathDesktop: '无法使用拖入的文件。请改用按钮选择。',
  addJwtKeyPrivacy: '私钥由应用自己读取并保存在安全存储中，此窗口始终看不到它的内容。',
  addJwtKeyId: '公钥指纹（密钥 ID）',
  addJwtKeyIdHelp: '在扣子控制台该应用的页面上，显示在公钥旁边。',
  addJwtLifetime: '令牌有效期（秒）',
  addJwtLifetimeHelp: '1 到 86399 秒（不到一天）。',
  addJwtLifetimeIs: '即 {duration}。',
  addJwtLifetimeInvalid: '请输入 1 到 86399 之间的整数秒数。',
  addJwtSession: '会话名称（可选）',
  addJwtSessionHelp: '你自己系统中的用户 ID，用于隔离不同用户的会话。',
  addJwtPreview: '预览请求',
  addJwtStart: '获取令牌',
  addJwtPreviewFirst: '请先预览请求。预览时，修改过的字段会保存到配置中。',
  addJwtReady: '以下就是将要发送的内容。点击“获取令牌”后才会发送给扣子。',
  addJwtPreviewHeading: '将要发送的请求',
  addJwtTokenUrl: '发送到',
  addJwtDuration: '令牌有效期',
  addJwtSeconds: '{seconds} 秒',
  addJwtHeader: '头部',
  addJwtClaimsCaption: '签名 JWT 中的声明',
  addJwtClaimName: '声明',
  addJwtClaimValue: '值',
  addJwtClaimMeaning: '含义',
  addJwtClaimIss: '签发者：你的应用的客户端 ID',
  addJwtClaimAud: '接收方：扣子 API 的主机名',
  addJwtClaimIat: '签发时间：请求签名的时间',
  addJwtClaimExp: '过期时间：此后扣子将拒绝这个签名请求',
  addJwtClaimJti: '签名时生成的随机值，保证请求不能被重复使用',
  addJwtClaimSession: '会话名称：隔离此用户的会话',

  addPasteIntro:
    '粘贴在扣子控制台为 {region} 创建的个人访问令牌或服务访问令牌。应用会先向扣子验证，再添加账号。',
  addPasteKindLegend: '令牌类型',
  addPasteKindPat: '个人访问令牌（PAT）',
  addPasteKindSat: '服务访问令牌（SAT）',
  addPasteKindPatHelp: '个人访问令牌以 pat_ 开头，可在扣子控制台 API 部分的“个人访问令牌”中创建。',
  addPasteKindSatHelp: '服务访问令牌以 sat_ 开头，可在扣子控制台 API 部分的“服务访问令牌”中创建。',
  addPasteToken: '令牌',
  addPasteShow: '显示令牌',
  addPasteHide: '隐藏令牌',
  addPasteTokenHelp: '令牌会直接交给应用，保存在安全存储中，之后不会再在这里显示。',
  addPasteExpiry: '过期日期（可选）',
  addPasteExpiryHelp: '创建令牌时控制台显示的过期日期。如果令牌永久有效，请留空。',
  addPasteExpiryInvalid: '请输入日期，或将此项留空。',
  addPasteExpiryPast: '这个日期已经过去。请在扣子控制台核对过期时间。',
  addPasteLabel: '列表中的名称（可选）',
  addPasteLabelHelp: '例如“CI 机器人”。留空时使用扣子用户的名称。',
  addPasteSubmit: '验证并添加',
  addPasteRequired: '请先粘贴令牌。',
  addPasteSwitch: '切换到 {region} 并添加',
  addPasteFailed: '令牌未添加。',

  addStageStarting: '正在开始登录…',
  addStageWaiting: '正在等待你在浏览器中授权…',
  addStageOpenYourself: '浏览器没有打开。请复制链接完成登录。',
  addStageExchanging: '已授权，正在完成登录…',
  addStageCodeReady: '请在扣子页面上确认设备码。',
  addStagePolling: '正在等待设备码被确认…',
  addStageRetrying: '扣子没有响应，{seconds} 秒后重试…',
  addStageFetching: '正在读取你的账号和工作空间…',
  addStageDone: '已登录为 {label}，正在打开账号…',
  addStageFailed: '登录没有成功。',
  addStageCancelled: '已取消登录。',
  addStageChecking: '正在向扣子验证令牌…',
  addSuccessBody: '已添加 {label}。',
  addOpenAccount: '打开账号',
  addSwitchRegionSignIn: '改为在 {region} 登录',

  addFormNewHeading: '新建应用配置',
  addFormEditHeading: '编辑“{name}”',
  addFormIntro: '请从扣子控制台该应用的页面（OAuth 应用）复制以下信息。此配置将用于 {region}。',
  addFormName: '名称',
  addFormNameHelp: '任何便于你识别此应用的名称。',
  addFormClientType: '应用类型',
  addFormClientTypeHelp: '在控制台创建应用时选择的客户端类型，它决定了登录方式。',
  addFormTypePkce: '桌面或移动应用（PKCE）：浏览器登录',
  addFormTypeWeb: '带客户端密钥的 Web 应用：浏览器登录',
  addFormTypeDevice: '设备应用：设备码登录',
  addFormTypeJwt: '服务类应用（JWT）：无需登录',
  addFormClientId: '客户端 ID',
  addFormClientIdHelp: '显示在控制台该应用的页面上。',
  addFormRedirect: '重定向 URI',
  addFormRedirectHelp:
    '必须与控制台中为该应用注册的完全一致，并指向这台电脑且带有端口，例如 http://127.0.0.1:8080/callback。',
  addFormSecret: '客户端密钥',
  addFormSecretHelp: '只会发送给应用一次，保存在安全存储中，之后不会再显示。',
  addFormSecretStored: '已保存客户端密钥。留空则继续使用，输入新的密钥则替换。',
  addFormRequired: '请填写此项。',
  addFormClientIdInvalid: '客户端 ID 只包含字母、数字、点、短横线和下划线。',
  addFormRedirectInvalid:
    '请使用指向这台电脑、带有端口的 http 地址，例如 http://127.0.0.1:8080/callback。',
  addFormKeyRequired: '请选择私钥文件（private_key.pem）。',

  addWaysLabel: '登录方式',
  addWayBrowser: '用浏览器登录',
  addWayBrowserHelp: '在打开的扣子页面上同意授权。',
  addWayDevice: '在另一台设备上登录',
  addWayDeviceHelp: '获取一个设备码，在手机或另一台电脑上输入。',
  addWayPaste: '使用扣子控制台中的令牌',
  addWayPasteHelp: '在控制台创建个人访问令牌，然后粘贴到这里。',
  addWayJwt: '服务应用（面向开发者）',
  addWayJwtHelp: '用应用的私钥签名，为应用本身获取令牌，无需任何人登录。',
  addBack: '返回',
  addOtherApp: '使用其他应用',
  addOtherAppIntro:
    '面向开发者：这个窗口登录时使用的扣子 OAuth 应用。可以选择、导入其配置文件或手动设置。',
  addUsingApp: '通过“{name}”登录。',
  addNeedsAppBrowser:
    '用浏览器登录需要一个 {region} 上的扣子应用。请导入别人给你的应用配置文件，或在下方设置一个。没有应用？可以改用扣子控制台中的令牌。',
  addNeedsAppDevice:
    '在另一台设备上登录需要一个 {region} 上的扣子设备应用。请导入别人给你的应用配置文件，或在下方设置一个。没有应用？可以改用扣子控制台中的令牌。',
  addNeedsAppJwt:
    '服务应用需要它在 {region} 上的配置：请在下方导入其配置文件或手动设置，并提供私钥。',

  addCardBrowserTitle: '请在浏览器中同意授权',
  addCardDeviceTitle: '请输入这个设备码',
  addCardFailedTitle: '登录没有完成',
  addCardDeclinedTitle: '你拒绝了这次授权',
  addOpenAgain: '再次打开页面',

  addConsoleOpen: '打开扣子控制台（{region}）',
  addConsoleStepCreate: '在打开的页面上选择“添加新令牌”，填写名称、有效期和所需的权限。',
  addConsoleStepPaste: '复制页面显示的令牌（以 pat_ 开头），粘贴到下方，应用会立即验证并添加。',
  addPasteMore: '类型、有效期和名称',
  addClipboardOfferPat:
    '剪贴板中有一个个人访问令牌。要把它添加为 {region} 的账号吗？添加后会清空剪贴板。',
  addClipboardOfferSat:
    '剪贴板中有一个服务访问令牌。要把它添加为 {region} 的账号吗？添加后会清空剪贴板。',
  addClipboardOfferAdd: '添加',
  addClipboardOfferNotNow: '暂不添加',
}
